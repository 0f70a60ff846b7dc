/** Pure updates of the tab's view from worker events. */
import { historyLine } from "../../shared/history.ts";
import type { WorkerCore, WorkerEvent } from "../../shared/worker-core.ts";
import { LANE_ROWS, type LaneEntry, type MissingSeq, REPAIR_NOTES, type RepairCounts, type RepairNote } from "./slices/types.ts";

/** The lane after `events`: queued rows are added, delivered rows are added or completed. */
export function laneAfter(
  lane: readonly LaneEntry[],
  events: readonly WorkerEvent[],
  context: { historyThrough: number; isOwn: (from: number) => boolean },
): LaneEntry[] {
  const bySeq = new Map(lane.map((entry) => [entry.seq, entry]));
  for (const event of events) {
    if (event.kind !== "queued" && event.kind !== "delivered") continue;
    const m = event.message;
    const existing = bySeq.get(m.seq);
    if (event.kind === "delivered" && existing) {
      bySeq.set(m.seq, { ...existing, deliveredAt: event.time, repaired: existing.repaired || event.repaired });
      continue;
    }
    bySeq.set(m.seq, {
      seq: m.seq,
      from: m.from,
      data: m.data,
      stampedAt: m.time,
      arrivedAt: event.time,
      deliveredAt: event.kind === "delivered" ? event.time : null,
      waitingFor: event.kind === "queued" ? event.waitingFor : null,
      catchUp: m.seq <= context.historyThrough,
      own: context.isOwn(m.from),
      repaired: event.repaired,
    });
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq).slice(-LANE_ROWS);
}

/**
 * Lane rows and placeholders for seqs not yet arrived, in seq order; each seq once; the latest
 * LANE_ROWS of them (in a lecture hall, most of the seqs in the lane's range are still on their way).
 */
export function laneRows(lane: readonly LaneEntry[], missing: readonly MissingSeq[]): (LaneEntry | MissingSeq)[] {
  const first = lane[0]?.seq ?? 0;
  const onLane = new Set(lane.map((entry) => entry.seq));
  const placeholders = missing.filter((m) => m.seq > first && !onLane.has(m.seq));
  return [...lane, ...placeholders].sort((a, b) => a.seq - b.seq).slice(-LANE_ROWS);
}

/** The repair notes after `events`: NACKs sent, resent messages arrived, duplicates ignored, sends resent. */
export function repairNotes(notes: readonly RepairNote[], events: readonly WorkerEvent[]): readonly RepairNote[] {
  const added: RepairNote[] = [];
  for (const event of events) {
    let text: string | null = null;
    if (event.kind === "nack")
      text = event.from === event.to ? `NACK: asked again for #${event.from}` : `NACK: asked again for #${event.from}–#${event.to}`;
    else if ((event.kind === "delivered" || event.kind === "queued") && event.repaired)
      text = `#${event.message.seq} arrived, resent after the NACK`;
    else if (event.kind === "duplicate") text = `#${event.message.seq} arrived again: duplicate ignored`;
    else if (event.kind === "resent") text = `own send ${event.n} not acknowledged: sent again`;
    if (text !== null) added.push({ time: event.time, text, kind: event.kind });
  }
  return added.length ? [...notes, ...added].slice(-REPAIR_NOTES) : notes;
}

/** The repair counts after `events`. */
export function repairCountsAfter(counts: RepairCounts, events: readonly WorkerEvent[]): RepairCounts {
  let { nack, repaired, duplicate, resent } = counts;
  for (const event of events) {
    if (event.kind === "nack") nack++;
    else if (event.kind === "duplicate") duplicate++;
    else if (event.kind === "resent") resent++;
    else if ((event.kind === "delivered" || event.kind === "queued") && event.repaired) repaired++;
  }
  return nack === counts.nack && repaired === counts.repaired && duplicate === counts.duplicate && resent === counts.resent
    ? counts
    : { nack, repaired, duplicate, resent };
}

/** The core's history as JSON lines, for the checker. */
export function historyText(core: WorkerCore, cid: string): string {
  let text = "";
  let workerId: number | null = null;
  for (const event of core.events) {
    if (event.kind === "joined") workerId = event.workerId;
    const line = historyLine(event, cid, workerId);
    if (line !== null) text += `${line}\n`;
  }
  return text;
}

/** Overtakes remembered (the lane shows the newest few dozen rows). */
const OVERTAKES_KEPT = 1000;

/**
 * With ordering off, which earlier seq each delivery overtook: the smallest
 * seq not yet delivered when it was, if smaller than its own. Read
 * incrementally from the core's delivered array (it only grows), so each
 * delivery costs O(1) however long the run.
 */
export class Overtakes {
  private read = 0;
  // Every seq up to `through` was delivered; `above` holds the delivered seqs past it.
  private through = 0;
  private readonly above = new Set<number>();
  private readonly bySeq = new Map<number, number>();

  constructor(private readonly delivered: readonly { readonly seq: number }[]) {}

  /** Reads the deliveries 1..count. */
  update(count: number): void {
    for (; this.read < Math.min(count, this.delivered.length); this.read++) {
      const seq = this.delivered[this.read]?.seq ?? 0;
      if (seq > this.through + 1) {
        this.bySeq.set(seq, this.through + 1);
        if (this.bySeq.size > OVERTAKES_KEPT) this.bySeq.delete(this.bySeq.keys().next().value ?? 0);
      }
      this.above.add(seq);
      while (this.above.delete(this.through + 1)) this.through++;
    }
  }

  /** The smallest seq the delivery of `seq` overtook; null if it overtook none (or is not delivered). */
  of(seq: number): number | null {
    return this.bySeq.get(seq) ?? null;
  }
}

const overtakes = new WeakMap<readonly { readonly seq: number }[], Overtakes>();

/** The overtakes of a core's delivered array, read up to `count` (one reader per array). */
export function overtakesOf(delivered: readonly { readonly seq: number }[], count: number): Overtakes {
  let reader = overtakes.get(delivered);
  if (!reader) {
    reader = new Overtakes(delivered);
    overtakes.set(delivered, reader);
  }
  reader.update(count);
  return reader;
}

/**
 * Where time `t` lies on the lane, in percent of the track's width from the
 * position of `origin`, for a track spanning `windowMs`. Rows place their
 * markers by this once; the axis then moves by translating every row's marker
 * layer left by `lanePercent(now - windowMs, origin, windowMs)`, so a frame
 * re-renders no row.
 */
export function lanePercent(t: number, origin: number, windowMs: number): number {
  return ((t - origin) / windowMs) * 100;
}
