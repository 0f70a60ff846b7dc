/**
 * Which stretch of the run the diagram shows. Not a fixed number of seconds:
 * the last `span` messages (or `span` messages `back` from the newest), from
 * the first one's send to the last thing that happened to any of them. So the
 * picture fits the activity, whether a scenario runs in slow motion over a
 * minute or a class sends a thousand messages a second.
 */
import type { DiagramData } from "./model.ts";

/** How the teacher set the view: how many messages, ending where (null: at the newest, following the run live). */
export interface ViewRange {
  readonly span: number;
  readonly until: number | null;
}

export const DEFAULT_SPAN = 30;
export const MIN_SPAN = 5;
export const MAX_SPAN = 200;
/** The narrowest window, in ms: a burst sent at once still spreads over the screen. */
export const MIN_WINDOW_MS = 1500;
// The window before any message, ending now.
const EMPTY_WINDOW_MS = 5000;
// Room left at each end, as a share of the window.
const PAD = 0.04;

export interface TimeWindow {
  /** The first and last seq in view (first > last: none). */
  readonly first: number;
  readonly last: number;
  readonly start: number;
  readonly end: number;
  /** Showing the newest messages (not panned back). */
  readonly live: boolean;
}

/** The newest seq the diagram knows of. */
export function newestSeq(data: DiagramData): number {
  let newest = 0;
  for (const seq of data.messages.keys()) newest = Math.max(newest, seq);
  for (const lane of data.lanes) for (const seq of lane.rows.keys()) newest = Math.max(newest, seq);
  return newest;
}

/**
 * The oldest seq the board saw reach a worker or still on its way. Older stamps came with the
 * first board message, from the log: where they went before this board watched, it cannot tell,
 * and a stamp with no arrows would look like a message that never arrived.
 */
export function oldestSeen(data: DiagramData): number {
  let oldest = Number.POSITIVE_INFINITY;
  for (const lane of data.lanes) for (const seq of lane.rows.keys()) oldest = Math.min(oldest, seq);
  for (const flight of data.flights) oldest = Math.min(oldest, flight.seq);
  return oldest;
}

/** The window for `range`, given the data and the sequencer's clock `now`. */
export function chooseWindow(data: DiagramData, range: ViewRange, now: number): TimeWindow {
  const newest = newestSeq(data);
  const live = range.until === null || range.until >= newest;
  const last = live ? newest : Math.max(1, range.until ?? newest);
  const first = Math.max(1, last - range.span + 1, Math.min(oldestSeen(data), last + 1));
  if (first > last) return { first, last, start: now - EMPTY_WINDOW_MS, end: now, live };
  if (newest === 0) return { first: 1, last: 0, start: now - EMPTY_WINDOW_MS, end: now, live };

  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  const see = (t: number | null) => {
    if (t === null) return;
    start = Math.min(start, t);
    end = Math.max(end, t);
  };
  for (let seq = first; seq <= last; seq++) {
    const message = data.messages.get(seq);
    if (!message) continue;
    see(message.sentAt);
    see(message.stampedAt);
  }
  for (const lane of data.lanes)
    for (let seq = first; seq <= last; seq++) {
      const row = lane.rows.get(seq);
      if (!row) continue;
      see(row.sentAt);
      see(row.arrivedAt);
      see(row.deliveredAt);
    }
  // Live, what is still on its way or waiting belongs in the picture too: up to where it lands, or now.
  if (live) {
    for (const flight of data.flights) if (flight.seq >= first && flight.seq <= last) see(Math.max(flight.dueAt, now));
    for (const lane of data.lanes) for (let seq = first; seq <= last; seq++) if (lane.rows.get(seq)?.deliveredAt === null) see(now);
  }
  if (!Number.isFinite(start)) return { first, last, start: now - EMPTY_WINDOW_MS, end: now, live };
  const width = Math.max(end - start, MIN_WINDOW_MS);
  const middle = (start + end) / 2;
  const padded = width * (1 + 2 * PAD);
  return { first, last, start: middle - padded / 2, end: middle + padded / 2, live };
}

/** Zoom in: fewer messages in view. */
export function zoomIn(range: ViewRange): ViewRange {
  return { ...range, span: Math.max(MIN_SPAN, Math.round(range.span / 1.5)) };
}

/** Zoom out: more messages in view. */
export function zoomOut(range: ViewRange): ViewRange {
  return { ...range, span: Math.min(MAX_SPAN, Math.round(range.span * 1.5)) };
}

/** Pan by `messages` (positive: back to older ones); reaching the newest follows the run live again. */
export function pan(range: ViewRange, messages: number, newest: number): ViewRange {
  const until = Math.round((range.until ?? newest) - messages);
  if (until >= newest) return { ...range, until: null };
  return { ...range, until: Math.max(Math.min(range.span, newest), until) };
}
