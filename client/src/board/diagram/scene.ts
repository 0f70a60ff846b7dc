/**
 * The space-time diagram laid out in pixels: the sequencer's lane on top, one
 * lane per worker below, time left to right. Every mark belongs to one
 * message (`seq`), so following a message lights all of its marks; arrows
 * fade with age so that the newest stand out. Pure: the component only draws
 * what this returns, and tests check the layout without a browser.
 */
import { placeLabels } from "./labels.ts";
import type { DiagramData, DiagramLane } from "./model.ts";
import type { TimeWindow } from "./window.ts";

export interface SceneSize {
  readonly width: number;
  readonly height: number;
  /** Font size of names and seq labels, in px. */
  readonly font: number;
}

// A mark of one message; `fade` is its opacity (1: newest or followed).
interface Mark {
  readonly seq: number;
  readonly followed: boolean;
  readonly fade: number;
}
export interface Line extends Mark {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}
export interface Dot extends Mark {
  readonly x: number;
  readonly y: number;
}
export interface Bar extends Mark {
  readonly x: number;
  readonly y: number;
  readonly width: number;
}
export interface Downlink extends Line {
  readonly worker: number;
  /** Still on its way: drawn as far as it has gone. */
  readonly inFlight: boolean;
  /** Held by the teacher, or due while the network is paused: drawn short of its lane. */
  readonly held?: boolean;
}
export interface Label {
  readonly seq: number;
  readonly followed: boolean;
  readonly x: number;
  readonly y: number;
}
export interface LanePlace {
  readonly lane: DiagramLane;
  readonly y: number;
  readonly top: number;
  readonly height: number;
  /** Times away, clipped to the window, in px. */
  readonly away: readonly { readonly x: number; readonly width: number }[];
}

export interface Scene {
  readonly x: (t: number) => number;
  readonly left: number;
  readonly right: number;
  readonly sequencerY: number;
  readonly lanes: readonly LanePlace[];
  /** The y of a worker's lane line, if it has a lane. */
  readonly laneY: ReadonlyMap<number, number>;
  /** Workers without room for a lane (listed in the table instead). */
  readonly hidden: number;
  readonly ticks: readonly { readonly x: number; readonly text: string }[];
  readonly axisY: number;
  readonly uplinks: readonly Line[];
  readonly stamps: readonly Dot[];
  readonly downlinks: readonly Downlink[];
  readonly waits: readonly (Bar & { readonly worker: number })[];
  readonly deliveries: readonly (Dot & { readonly worker: number })[];
  readonly labels: readonly (Label & { readonly worker: number | null })[];
}

/** A worker lane is never thinner than this (px); those that do not fit are counted in `hidden`. */
export const MIN_LANE_HEIGHT = 34;
// Faded marks go no fainter than this.
const FAINTEST = 0.3;
// Everything but the followed message, while one is followed.
const BACKGROUND = 0.18;
// How far down an arrow not landed yet is drawn, at most.
const HELD_SHARE = 0.85;
/** A digit's width as a share of the font size (the labels use tabular digits). */
export const DIGIT_WIDTH = 0.62;
const LABEL_GAP = 8;

export function layoutScene(data: DiagramData, window: TimeWindow, size: SceneSize, now: number): Scene {
  const { width, height, font } = size;
  const left = Math.min(200, Math.max(120, font * 9));
  const right = width - 12;
  const span = Math.max(1, window.end - window.start);
  const x = (t: number) => left + ((t - window.start) / span) * (right - left);
  const slotHeight = font + 6;
  const axisY = height - 8;
  const sequencerHeight = Math.min(170, Math.max(2 * slotHeight + 24, height * 0.22));
  const sequencerY = sequencerHeight - 12;
  const room = height - sequencerHeight - font - 16;
  const fitting = Math.max(0, Math.floor(room / MIN_LANE_HEIGHT));
  const shown = data.lanes.slice(0, fitting);
  const laneHeight = shown.length === 0 ? 0 : Math.min(room / shown.length, 200);
  const lineOffset = Math.min(laneHeight * 0.3, 36);
  const lanes: LanePlace[] = shown.map((lane, i) => {
    const top = sequencerHeight + i * laneHeight;
    const away = lane.offline.flatMap(([from, to]) => {
      const a = Math.max(from, window.start);
      const b = Math.min(to ?? now, window.end);
      return b > a ? [{ x: x(a), width: x(b) - x(a) }] : [];
    });
    return { lane, top, height: laneHeight, y: top + lineOffset, away };
  });
  const laneY = new Map(lanes.map((place) => [place.lane.id, place.y]));

  const inView = (seq: number) => seq >= window.first && seq <= window.last;
  const fade = (seq: number) => markOf(seq, data.followed, window);

  const uplinks: Line[] = [];
  const stamps: Dot[] = [];
  for (const message of data.messages.values()) {
    if (!inView(message.seq)) continue;
    const mark = fade(message.seq);
    stamps.push({ ...mark, x: x(message.stampedAt), y: sequencerY });
    const fromY = message.from === null ? undefined : laneY.get(message.from);
    // A send read back from the log has no time of its own (sentAt = stampedAt): no uplink is drawn for it.
    if (fromY !== undefined && message.sentAt !== null && message.sentAt < message.stampedAt)
      uplinks.push({ ...mark, x1: x(message.sentAt), y1: fromY - 4, x2: x(message.stampedAt), y2: sequencerY + 6 });
  }

  const downlinks: Downlink[] = [];
  const waits: Scene["waits"][number][] = [];
  const deliveries: Scene["deliveries"][number][] = [];
  for (const { lane, y } of lanes) {
    // A worker away waits no longer than until it went (what it does meanwhile, nobody can see).
    const wentAt = lane.online ? now : (lane.offline.findLast(([, to]) => to === null)?.[0] ?? now);
    for (const row of lane.rows.values()) {
      if (!inView(row.seq)) continue;
      const mark = fade(row.seq);
      downlinks.push({ ...mark, worker: lane.id, inFlight: false, x1: x(row.sentAt), y1: sequencerY + 6, x2: x(row.arrivedAt), y2: y - 6 });
      const until = row.deliveredAt ?? Math.max(row.arrivedAt, wentAt);
      if (until - row.arrivedAt > 1)
        waits.push({ ...mark, worker: lane.id, x: x(row.arrivedAt), y: y - 5, width: Math.max(2, x(until) - x(row.arrivedAt)) });
      if (row.deliveredAt !== null) deliveries.push({ ...mark, worker: lane.id, x: x(row.deliveredAt), y });
    }
  }
  const labels: Scene["labels"][number][] = [];
  const labelRoom = { digitWidth: font * DIGIT_WIDTH, gap: LABEL_GAP, left, right };
  const sequencerSlots = Math.min(3, Math.floor((sequencerY - font) / slotHeight));
  for (const placed of placeLabels(
    stamps.map((s) => ({ seq: s.seq, x: s.x, first: s.followed })),
    { ...labelRoom, slots: sequencerSlots },
  ))
    labels.push({
      seq: placed.seq,
      followed: placed.seq === data.followed,
      worker: null,
      x: placed.x,
      y: sequencerY - 12 - placed.slot * slotHeight,
    });
  const laneSlots = Math.min(2, Math.floor((laneHeight - lineOffset - 6) / slotHeight));
  for (const { lane, y } of lanes) {
    const wishes = [...lane.rows.values()]
      .filter((row) => inView(row.seq))
      .map((row) => ({ seq: row.seq, x: x(row.arrivedAt), first: row.seq === data.followed }));
    for (const placed of placeLabels(wishes, { ...labelRoom, slots: laneSlots }))
      labels.push({
        seq: placed.seq,
        followed: placed.seq === data.followed,
        worker: lane.id,
        x: placed.x,
        y: y + font + 2 + placed.slot * slotHeight,
      });
  }

  return {
    x,
    left,
    right,
    sequencerY,
    lanes,
    laneY,
    hidden: data.lanes.length - shown.length,
    ticks: ticksFor(window, x),
    axisY,
    uplinks,
    stamps,
    downlinks,
    waits,
    deliveries,
    labels,
  };
}

// How strongly a message's marks are drawn: the followed one fully, the rest by age (faint while another is followed).
function markOf(seq: number, followed: number | null, window: TimeWindow): Mark {
  if (followed === seq) return { seq, followed: true, fade: 1 };
  const rank = window.last > window.first ? (seq - window.first) / (window.last - window.first) : 1;
  const aged = FAINTEST + (1 - FAINTEST) * rank;
  return { seq, followed: false, fade: followed === null ? aged : Math.min(aged, BACKGROUND) };
}

/**
 * Stamped messages still on their way down, at `now`: each arrow reaches as
 * far towards its worker as the share of its trip already gone. Apart from
 * the layout, as it changes every frame while the rest waits for news.
 */
export function flightLines(data: DiagramData, scene: Scene, window: TimeWindow, now: number): Downlink[] {
  const lines: Downlink[] = [];
  for (const flight of data.flights) {
    const y = scene.laneY.get(flight.worker);
    const message = data.messages.get(flight.seq);
    if (y === undefined || !message || flight.seq < window.first || flight.seq > window.last) continue;
    const gone = flight.dueAt > message.stampedAt ? (now - message.stampedAt) / (flight.dueAt - message.stampedAt) : 1;
    // Not landed yet: never drawn touching its lane, as if it had arrived.
    const share = Math.min(HELD_SHARE, Math.max(0.05, gone));
    const x1 = scene.x(message.stampedAt);
    const y1 = scene.sequencerY + 6;
    const x2 = scene.x(flight.dueAt);
    const y2 = y - 6;
    const mark = markOf(flight.seq, data.followed, window);
    lines.push({
      ...mark,
      worker: flight.worker,
      inFlight: true,
      held: flight.held || gone >= 1,
      x1,
      y1,
      x2: x1 + (x2 - x1) * share,
      y2: y1 + (y2 - y1) * share,
    });
  }
  return lines;
}

// Time marks at a round step, labelled in seconds from the window's start.
function ticksFor(window: TimeWindow, x: (t: number) => number): Scene["ticks"] {
  const span = window.end - window.start;
  const step = [100, 200, 500, 1000, 2000, 5000, 10_000, 30_000, 60_000].find((s) => span / s <= 8) ?? 120_000;
  const ticks: { x: number; text: string }[] = [];
  const base = Math.ceil(window.start / step) * step;
  for (let t = base; t <= window.end; t += step) ticks.push({ x: x(t), text: `${((t - base) / 1000).toFixed(step < 1000 ? 1 : 0)} s` });
  return ticks;
}
