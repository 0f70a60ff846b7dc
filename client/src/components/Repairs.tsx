import { useWorkerState } from "../context.ts";
import { clock } from "./time.ts";

/** What the tab did to get back what the network lost or doubled: NACKs, resends, ignored duplicates. */
export function Repairs() {
  const repairs = useWorkerState((s) => s.repairs);
  const network = useWorkerState((s) => s.network);
  if (repairs.length === 0 && !(network && (network.loss > 0 || network.dup > 0))) return null;
  return (
    <section className="repairs" aria-label="Repairs">
      <h2>
        Repairs{" "}
        <span className="muted">
          — the network loses {Math.round((network?.loss ?? 0) * 100)}% and doubles {Math.round((network?.dup ?? 0) * 100)}% of messages
        </span>
      </h2>
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
