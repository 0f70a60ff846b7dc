import { useLayoutEffect, useRef } from "react";
import { useWorkerState } from "../context.ts";
import { clock } from "./time.ts";

/** Every delivered message, in delivery (= seq) order. */
export function DeliveredList() {
  const delivered = useWorkerState((s) => s.delivered);
  const list = useRef<HTMLOListElement>(null);
  const pinned = useRef(true);

  // Follow the newest delivery unless the reader scrolled up.
  useLayoutEffect(() => {
    const el = list.current;
    if (el && pinned.current && delivered.length) el.scrollTop = el.scrollHeight;
  }, [delivered]);

  return (
    <section className="delivered" aria-label="Delivered messages">
      <h2>Delivered, in order</h2>
      <ol
        ref={list}
        className="delivered-list"
        onScroll={(e) => {
          const el = e.currentTarget;
          pinned.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 4;
        }}
      >
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
