import { useVirtualizer } from "@tanstack/react-virtual";
import type { CSSProperties } from "react";
import { ordering } from "../../../shared/ordering/modes.ts";
import type { StampedMessage } from "../../../shared/worker-core.ts";
import { useWorkerState } from "../context.ts";

import { useFollowBottom } from "./follow.ts";
import { useFollowClick, useFollowed } from "./followed.ts";
import { clock } from "./time.ts";

/**
 * Up to this many rows are all in the page (so tests can read every one);
 * beyond it, only the rows in view are, and the list stays fast at 100k.
 */
export const FULL_LIST_LIMIT = 1000;
const ROW_HEIGHT = 24;

function Row({ m, style, followed }: { m: StampedMessage; style?: CSSProperties; followed: boolean }) {
  return (
    <li data-testid="delivered" data-seq={m.seq} data-data={m.data} data-followed={followed ? "true" : undefined} style={style}>
      <span className="seq">#{m.seq}</span> <span className="data">{m.data}</span>{" "}
      <span className="muted">
        from {m.from} · stamped {clock(m.time)}
      </span>
    </li>
  );
}

/** Every delivered message, in delivery (= seq) order. Clicking a row follows its message everywhere (again: stops). */
export function DeliveredList() {
  const delivered = useWorkerState((s) => s.delivered);
  // The array grows in place; the count is what changes.
  const count = useWorkerState((s) => s.deliveredCount);
  const followClick = useFollowClick();
  const holdsBack = useWorkerState((s) => ordering(s.mode).holdsBack);
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: a mouse shortcut; the live lane's labels are the keyboard's way to follow
    <section className="delivered" aria-label="Delivered messages" onClick={followClick}>
      <h2>
        {holdsBack ? "Delivered, in order" : "Delivered, in order of arrival"}{" "}
        {delivered.length === 0 && <span className="muted">— nothing yet</span>}
      </h2>
      {count > FULL_LIST_LIMIT ? <LongList delivered={delivered} count={count} /> : <ShortList delivered={delivered} count={count} />}
    </section>
  );
}

interface ListProps {
  readonly delivered: readonly StampedMessage[];
  readonly count: number;
}

function ShortList({ delivered, count }: ListProps) {
  const follow = useFollowBottom<HTMLOListElement>(count);
  const followed = useFollowed();
  if (count === 0) return null;
  return (
    <ol className="delivered-list" ref={follow.ref} onScroll={follow.onScroll}>
      {delivered.slice(0, count).map((m) => (
        <Row key={m.seq} m={m} followed={m.seq === followed} />
      ))}
    </ol>
  );
}

function LongList({ delivered, count }: ListProps) {
  const follow = useFollowBottom<HTMLDivElement>(count);
  const followed = useFollowed();
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => follow.ref.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  return (
    <div className="delivered-list" ref={follow.ref} onScroll={follow.onScroll}>
      <ol className="virtual-rows" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const m = delivered[item.index];
          return m ? (
            <Row key={m.seq} m={m} followed={m.seq === followed} style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }} />
          ) : null;
        })}
      </ol>
    </div>
  );
}
