/** Pure updates of the live lane from worker events. */
import type { WorkerEvent } from "../../shared/worker-core.ts";
import { LANE_ROWS, type LaneEntry } from "./store.ts";

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
      bySeq.set(m.seq, { ...existing, deliveredAt: event.time });
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
    });
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq).slice(-LANE_ROWS);
}
