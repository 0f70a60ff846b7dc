import { useWorkerState } from "../context.ts";
import { clock } from "./time.ts";

/** What the tab did to get back what the network lost or doubled: NACKs, resends, ignored duplicates. */
export function Repairs() {
  const repairs = useWorkerState((s) => s.repairs);
  const counts = useWorkerState((s) => s.repairCounts);
  const network = useWorkerState((s) => s.network);
  const faulty = network !== null && (network.loss > 0 || network.dup > 0);
  if (repairs.length === 0 && !faulty) return null;
  return (
    <section className="repairs" aria-label="Repairs">
      <h2>
        Repairs{" "}
        <span className="muted">
          — the network loses {Math.round((network?.loss ?? 0) * 100)}% and doubles {Math.round((network?.dup ?? 0) * 100)}% of messages on
          each link
        </span>
      </h2>
      <dl className="repair-counts">
        <div>
          <dt>NACKs sent</dt>
          <dd data-testid="nack-count">{counts.nack}</dd>
        </div>
        <div>
          <dt>Resent, arrived</dt>
          <dd data-testid="repaired-count">{counts.repaired}</dd>
        </div>
        <div>
          <dt>Duplicates ignored</dt>
          <dd data-testid="duplicate-count">{counts.duplicate}</dd>
        </div>
        <div>
          <dt>Own sends sent again</dt>
          <dd data-testid="resent-count">{counts.resent}</dd>
        </div>
      </dl>
      <ul>
        {repairs.map((note) => (
          <li key={`${note.time}-${note.text}`} data-testid="repair" data-kind={note.kind}>
            <span className="muted">{clock(note.time)}</span> {note.text}
          </li>
        ))}
      </ul>
    </section>
  );
}
