import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { laneAfter, repairCountsAfter, repairNotes } from "../lane.ts";
import { createWorkerStore } from "../store.ts";
import { context, coreView, eventRecord, toEvent } from "../testing/events.ts";
import { LANE_ROWS } from "./types.ts";
import { viewEvents } from "./worker.ts";

describe("viewEvents", () => {
  it("leaves the lane as every event would: only events below its highest seqs are left out", () => {
    fc.assert(
      fc.property(fc.array(eventRecord, { maxLength: 60 }), fc.array(eventRecord, { maxLength: 400, size: "max" }), (before, after) => {
        const lane = laneAfter([], before.map(toEvent), context);
        const events = after.map((e, i) => toEvent(e, 1000 + i));
        expect(laneAfter(lane, viewEvents(lane, events), context)).toEqual(laneAfter(lane, events, context));
      }),
    );
  });

  it("leaves the whole view as every event would: the lane, the repairs and the counts", () => {
    fc.assert(
      fc.property(fc.array(eventRecord, { maxLength: 60 }), fc.array(eventRecord, { maxLength: 400, size: "max" }), (before, after) => {
        const store = createWorkerStore("empty");
        const earlier = before.map(toEvent);
        const events = after.map((e, i) => toEvent(e, 1000 + i));
        store.getState().showEvents(earlier, coreView(10));
        store.getState().showEvents(viewEvents([], events), coreView(20));
        const all = [...earlier, ...events];
        expect(store.getState()).toMatchObject({
          lane: laneAfter(laneAfter([], earlier, context), events, context),
          repairs: repairNotes([], all),
          repairCounts: repairCountsAfter({ nack: 0, repaired: 0, duplicate: 0, resent: 0 }, all),
          sentCount: all.filter((e) => e.kind === "sent").length,
          deliveredCount: 20,
        });
      }),
    );
  });

  it("keeps a catch-up's events down to the last LANE_ROWS", () => {
    const events = Array.from({ length: 5000 }, (_, i) => toEvent({ kind: "delivered", seq: i + 1 }, 0));
    expect(viewEvents([], events)).toEqual(events.slice(-LANE_ROWS));
  });

  it("keeps a repaired delivery below the lane: the repairs count it", () => {
    const events = Array.from({ length: 100 }, (_, i) => toEvent({ kind: "delivered", seq: i + 1, repaired: i === 3 }, 0));
    expect(viewEvents([], events).map((e) => e.kind === "delivered" && e.message.seq)).toEqual([
      4,
      ...Array.from({ length: LANE_ROWS }, (_, i) => 101 - LANE_ROWS + i),
    ]);
  });

  it("counts the deliveries from the core when every delivery was left out", () => {
    const store = createWorkerStore("empty");
    const lane = Array.from({ length: LANE_ROWS }, (_, i) => toEvent({ kind: "queued", seq: 1000 + i }, 0));
    const below = Array.from({ length: 2 * LANE_ROWS }, (_, i) => toEvent({ kind: "delivered", seq: i + 1 }, 1));
    store.getState().showEvents(lane, coreView(0));
    store.getState().showEvents(viewEvents(store.getState().lane, below), coreView(below.length));
    expect(store.getState().deliveredCount).toBe(below.length);
  });
});
