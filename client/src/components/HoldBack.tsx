import { ordering } from "../../../shared/ordering/modes.ts";
import { useWorkerState } from "../context.ts";
import { useFollowed } from "./followed.ts";
import { useSlotKeys } from "./slots.ts";

/** Chips drawn at most: a lecture hall can hold back 150 messages, and drawing them all costs every update. */
export const CHIPS_SHOWN = 30;

/** The hold-back queue: what arrived early, and which seq it waits for (the first CHIPS_SHOWN, then how many more). */
export function HoldBack() {
  const held = useWorkerState((s) => s.held);
  const next = useWorkerState((s) => s.nextExpected);
  const mode = useWorkerState((s) => s.mode);
  const followed = useFollowed();
  // Chips are keyed by slot: a chip delivered gives its DOM node to one that arrives (slots.ts).
  const chips = held.slice(0, CHIPS_SHOWN);
  const keys = useSlotKeys(chips.map((m) => m.seq));
  if (!ordering(mode).holdsBack) {
    return (
      <section className="holdback" aria-label="Hold-back queue">
        <h2>
          No hold-back queue <span className="muted">— {ordering(mode).description}</span>
        </h2>
      </section>
    );
  }
  return (
    <section className="holdback" aria-label="Hold-back queue">
      <h2>
        Hold-back queue <span className="muted">{held.length ? `— waiting for #${next}` : "— empty: everything arrived in order"}</span>
      </h2>
      <ol className="chips">
        {chips.map((m, i) => (
          <li
            key={keys[i]}
            className="chip queued"
            data-testid="queued"
            data-seq={m.seq}
            data-data={m.data}
            data-followed={m.seq === followed ? "true" : undefined}
          >
            #{m.seq} <span className="data">{m.data}</span>
          </li>
        ))}
        {held.length > CHIPS_SHOWN && (
          <li className="chip-more muted" data-testid="queued-more" data-count={held.length - CHIPS_SHOWN}>
            and {held.length - CHIPS_SHOWN} more
          </li>
        )}
      </ol>
    </section>
  );
}
