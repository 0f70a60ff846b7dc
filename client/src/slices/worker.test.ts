import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { WorkerEvent } from "../../../shared/worker-core.ts";
import { laneAfter } from "../lane.ts";
import { LANE_ROWS } from "./types.ts";
import { laneCandidates } from "./worker.ts";

const context = { historyThrough: 50, isOwn: (from: number) => from === 7 };
const message = (seq: number) => ({ seq, from: 1 + (seq % 8), n: seq, data: `d${seq}`, time: seq });

const event = fc.oneof(
  fc.record({ kind: fc.constant("delivered" as const), seq: fc.integer({ min: 1, max: 300 }), repaired: fc.boolean() }),
  fc.record({ kind: fc.constant("queued" as const), seq: fc.integer({ min: 1, max: 300 }), repaired: fc.boolean() }),
  fc.record({ kind: fc.constant("duplicate" as const), seq: fc.integer({ min: 1, max: 300 }) }),
  fc.record({ kind: fc.constant("nack" as const), seq: fc.integer({ min: 1, max: 300 }) }),
);
const toEvent = (e: { kind: string; seq: number; repaired?: boolean }, time: number): WorkerEvent => {
  if (e.kind === "delivered") return { kind: "delivered", message: message(e.seq), repaired: e.repaired ?? false, time };
  if (e.kind === "queued") return { kind: "queued", message: message(e.seq), waitingFor: 1, repaired: e.repaired ?? false, time };
  if (e.kind === "duplicate") return { kind: "duplicate", message: message(e.seq), time };
  return { kind: "nack", from: e.seq, to: e.seq, time };
};

describe("laneCandidates", () => {
  it("leaves the lane as every event would: only events below its highest seqs are left out", () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), fc.array(event, { maxLength: 400 }), (before, after) => {
        const lane = laneAfter([], before.map(toEvent), context);
        const events = after.map((e, i) => toEvent(e, 1000 + i));
        expect(laneAfter(lane, laneCandidates(lane, events), context)).toEqual(laneAfter(lane, events, context));
      }),
    );
  });

  it("keeps a catch-up's events down to the last LANE_ROWS", () => {
    const events = Array.from({ length: 5000 }, (_, i) => toEvent({ kind: "delivered", seq: i + 1 }, 0));
    expect(laneCandidates([], events)).toEqual(events.slice(-LANE_ROWS));
  });
});
