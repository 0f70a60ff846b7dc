import { memo, type UIEvent, useLayoutEffect, useRef, useState } from "react";
import { ordering } from "../../../shared/ordering/modes.ts";
import type { StampedMessage } from "../../../shared/worker-core.ts";
import { useWorkerState } from "../context.ts";

import { useFollowBottom } from "./follow.ts";
import { useFollowClick, useFollowed } from "./followed.ts";
import { rowSlots, rowWindow } from "./row-window.ts";
import { clock } from "./time.ts";

/**
 * Up to this many rows are all in the page (so tests can read every one);
 * beyond it, only the rows in view are, and the list stays fast at 100k.
 */
export const FULL_LIST_LIMIT = 1000;
const ROW_HEIGHT = 24;
/** The list's height in the page (the max-height of .delivered-list in styles.css). */
const VIEW_HEIGHT = 320;

/**
 * The long list at a fixed height, contained: its rows changing every frame lay out and paint
 * the list alone, not the page around it.
 */
const CONTAINED = { height: VIEW_HEIGHT, contain: "strict" } as const;

/** One delivered message; `top` places it in a long list, where only the rows in view are drawn. */
const Row = memo(function Row({ m, top, followed }: { m: StampedMessage; top?: number; followed: boolean }) {
  const style = top === undefined ? undefined : { height: ROW_HEIGHT, top };
  return (
    <li data-testid="delivered" data-seq={m.seq} data-data={m.data} data-followed={followed ? "true" : undefined} style={style}>
      <span className="seq">#{m.seq}</span> <span className="data">{m.data}</span>{" "}
      <span className="muted">
        from {m.from} · stamped {clock(m.time)}
      </span>
    </li>
  );
});

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

/**
 * The long list keeps only the rows in view in the page. Rows have one height, so which rows those
 * are is arithmetic (row-window.ts): a general virtualiser re-measures every row whenever the count
 * changes, which at 100k rows and a new count every frame was a third of each frame. A row's DOM
 * node is keyed by its slot (index modulo the slots), so as the list grows the nodes stay and only
 * the rows that scrolled out are rewritten: no nodes created or removed per frame.
 */
function LongList({ delivered, count }: ListProps) {
  const ref = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const followed = useFollowed();
  const [view, setView] = useState({ top: 0, height: VIEW_HEIGHT });
  const shown = rowWindow({
    count,
    rowHeight: ROW_HEIGHT,
    scrollTop: view.top,
    viewHeight: view.height,
    // Following the end, rows above the view come only by scrolling up, which stops following.
    overscan: pinned.current ? 2 : 8,
    pinned: pinned.current,
  });
  // Setting scrollTop lays the page out there and then; updates run at the start of a frame
  // (connection.ts), so that is the frame's own layout, done once. Scrolling in a later frame
  // instead would draw one frame of the new rows at the old scroll position: a blank list.
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && pinned.current) el.scrollTop = count * ROW_HEIGHT;
  }, [count]);
  const onScroll = (e: UIEvent<HTMLDivElement>) => {
    const el = e.currentTarget;
    const atEnd = el.scrollTop + el.clientHeight >= count * ROW_HEIGHT - 4;
    // While following, the scroll events are our own: redrawing for them would draw each frame twice.
    const redraw = !atEnd || atEnd !== pinned.current || el.clientHeight !== view.height;
    pinned.current = atEnd;
    if (redraw) setView({ top: el.scrollTop, height: el.clientHeight });
  };
  const rows = rowSlots(shown).map(({ index, slot }) => {
    const m = delivered[index];
    return m ? <Row key={slot} m={m} top={index * ROW_HEIGHT} followed={m.seq === followed} /> : null;
  });
  return (
    <div className="delivered-list" ref={ref} onScroll={onScroll} style={CONTAINED}>
      <ol className="virtual-rows" style={{ height: count * ROW_HEIGHT }}>
        {rows}
      </ol>
    </div>
  );
}
