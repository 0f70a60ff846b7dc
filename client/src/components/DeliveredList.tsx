import { useWorkerState } from "../context.ts";
import { useFollowBottom } from "./follow.ts";
import { clock } from "./time.ts";

/** Every delivered message, in delivery (= seq) order. */
export function DeliveredList() {
  const delivered = useWorkerState((s) => s.delivered);
  const follow = useFollowBottom<HTMLOListElement>(delivered);

  return (
    <section className="delivered" aria-label="Delivered messages">
      <h2>Delivered, in order</h2>
      <ol className="delivered-list" ref={follow.ref} onScroll={follow.onScroll}>
        {delivered.map((m) => (
          <li key={m.seq} data-testid="delivered" data-seq={m.seq} data-data={m.data}>
            <span className="seq">#{m.seq}</span> <span className="data">{m.data}</span>{" "}
            <span className="muted">
              from {m.from} · stamped {clock(m.time)}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
