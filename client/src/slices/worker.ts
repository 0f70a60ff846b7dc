import type { StateCreator } from "zustand/vanilla";
import type { WorkerEvent } from "../../../shared/worker-core.ts";
import { laneAfter, repairCountsAfter, repairNotes } from "../lane.ts";
import { type CoreView, LANE_ROWS, type LaneEntry, type WorkerData, type WorkerSlice, type WorkerState } from "./types.ts";

/** The view of a worker that has delivered nothing. */
export function emptyWorkerData(emptyDigest: string): WorkerData {
  return {
    workerId: null,
    lane: [],
    held: [],
    missing: [],
    repairs: [],
    repairCounts: { nack: 0, repaired: 0, duplicate: 0, resent: 0 },
    nextExpected: 1,
    delivered: [],
    deliveredCount: 0,
    digest: emptyDigest,
    sentCount: 0,
  };
}

/** Placeholders offered to the lane at most. */
const MISSING_SHOWN = 100;

const onLane = (e: WorkerEvent): e is Extract<WorkerEvent, { kind: "queued" | "delivered" }> =>
  e.kind === "queued" || e.kind === "delivered";

/**
 * The events that can still change the view after `lane`: the lane keeps the LANE_ROWS highest
 * seqs, so of a catch-up's thousands of deliveries only the last few need become rows; events off
 * the lane, and repairs (they are counted and noted), are all kept. One pass, keeping the highest
 * seqs seen in a short sorted list. Showing these gives the same view as showing every event, and
 * so does showing them after a first pass on its own (how the tab keeps events it has not shown).
 */
export function viewEvents(lane: readonly LaneEntry[], events: readonly WorkerEvent[]): readonly WorkerEvent[] {
  if (events.length <= LANE_ROWS) return events;
  const top: number[] = [];
  const consider = (seq: number) => {
    if (top.length === LANE_ROWS && seq <= (top[0] as number)) return;
    let at = top.length;
    while (at > 0 && (top[at - 1] as number) > seq) at--;
    if (top[at - 1] === seq) return;
    top.splice(at, 0, seq);
    if (top.length > LANE_ROWS) top.shift();
  };
  for (const entry of lane) consider(entry.seq);
  for (const event of events) if (onLane(event)) consider(event.message.seq);
  const floor = top.length < LANE_ROWS ? Number.NEGATIVE_INFINITY : (top[0] as number);
  return events.filter((e) => !onLane(e) || e.repaired || e.message.seq >= floor);
}

/** The view of one batch of events, given the state before it. */
function afterEvents(state: WorkerData, all: readonly WorkerEvent[], core: CoreView): WorkerData {
  const context = { historyThrough: core.historyThrough, isOwn: (from: number) => core.isOwn(from) };
  const events = viewEvents(state.lane, all);
  return {
    workerId: core.workerId,
    lane: laneAfter(state.lane, events, context),
    held: core.held(),
    // Placeholders are for seqs the network may have lost or held up. History the sequencer is still
    // replaying comes in order and is never asked for again: a joining tab showed a hundred rows of
    // it "on its way", and drawing them made the longest task of its catch-up.
    missing: core.missing(MISSING_SHOWN, core.historyThrough).map((seq) => ({ seq, asked: core.asked(seq) })),
    nextExpected: core.nextExpected,
    delivered: core.delivered,
    // Counted from the core, not the events: viewEvents may leave every delivery of a batch out.
    deliveredCount: core.delivered.length,
    digest: core.orderDigest,
    sentCount: state.sentCount + events.filter((e) => e.kind === "sent").length,
    repairs: repairNotes(state.repairs, events),
    repairCounts: repairCountsAfter(state.repairCounts, events),
  };
}

/** What the tab's worker core has done: deliveries, the hold-back queue, the lane, repairs. */
export function createWorkerSlice(emptyDigest: string): StateCreator<WorkerState, [], [], WorkerSlice> {
  return (set) => ({
    ...emptyWorkerData(emptyDigest),
    showEvents: (events, core) => set((state) => afterEvents(state, events, core)),
    startFresh: (digest, reason) => set({ ...emptyWorkerData(digest), lastError: { code: "FRESH_START", message: reason } }),
  });
}
