import type { StateCreator } from "zustand/vanilla";
import type { WorkerEvent } from "../../../shared/worker-core.ts";
import { laneAfter, repairCountsAfter, repairNotes } from "../lane.ts";
import type { CoreView, WorkerData, WorkerSlice, WorkerState } from "./types.ts";

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

/** The view of one batch of events, given the state before it. */
function afterEvents(state: WorkerData, events: readonly WorkerEvent[], core: CoreView): WorkerData {
  const context = { historyThrough: core.historyThrough, isOwn: (from: number) => core.isOwn(from) };
  const delivered = events.some((e) => e.kind === "delivered");
  return {
    workerId: core.workerId,
    lane: laneAfter(state.lane, events, context),
    held: core.held(),
    missing: core.missing().map((seq) => ({ seq, asked: core.asked(seq) })),
    nextExpected: core.nextExpected,
    delivered: core.delivered,
    deliveredCount: delivered ? core.delivered.length : state.deliveredCount,
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
