/** Worker events for the tab's tests: random ones (fast-check) and a core view to show them with. */
import fc from "fast-check";
import type { StampedMessage, WorkerEvent } from "../../../shared/worker-core.ts";
import type { CoreView } from "../slices/types.ts";

/** How the lane tells catch-up and own messages in these events. */
export const context = { historyThrough: 50, isOwn: (from: number) => from === 7 };
/** The message of `seq`, the same every time. */
export const message = (seq: number): StampedMessage => ({ seq, from: 1 + (seq % 8), n: seq, data: `d${seq}`, time: seq });

/** Events of every kind, as fast-check records; `toEvent` makes them worker events. */
export const eventRecord = fc.oneof(
  fc.record({ kind: fc.constant("delivered" as const), seq: fc.integer({ min: 1, max: 300 }), repaired: fc.boolean() }),
  fc.record({ kind: fc.constant("queued" as const), seq: fc.integer({ min: 1, max: 300 }), repaired: fc.boolean() }),
  fc.record({ kind: fc.constant("duplicate" as const), seq: fc.integer({ min: 1, max: 300 }) }),
  fc.record({ kind: fc.constant("nack" as const), seq: fc.integer({ min: 1, max: 300 }) }),
  fc.record({ kind: fc.constant("sent" as const), seq: fc.integer({ min: 1, max: 300 }) }),
  fc.record({ kind: fc.constant("resent" as const), seq: fc.integer({ min: 1, max: 300 }) }),
);
/** The worker event a record from `eventRecord` stands for, at `time`. */
export const toEvent = (e: { kind: string; seq: number; repaired?: boolean }, time: number): WorkerEvent => {
  if (e.kind === "delivered") return { kind: "delivered", message: message(e.seq), repaired: e.repaired ?? false, time };
  if (e.kind === "queued") return { kind: "queued", message: message(e.seq), waitingFor: 1, repaired: e.repaired ?? false, time };
  if (e.kind === "duplicate") return { kind: "duplicate", message: message(e.seq), time };
  if (e.kind === "sent" || e.kind === "resent") return { kind: e.kind, n: e.seq, data: `s${e.seq}`, time };
  return { kind: "nack", from: e.seq, to: e.seq, time };
};

/** A core that has delivered `count` messages; what else it says does not depend on the events shown. */
export function coreView(count: number): CoreView {
  const delivered = Array.from({ length: count }, (_, i) => message(i + 1));
  return {
    workerId: 3,
    held: () => [],
    missing: () => [],
    asked: () => false,
    nextExpected: count + 1,
    delivered,
    orderDigest: `digest-${count}`,
    historyThrough: context.historyThrough,
    isOwn: context.isOwn,
  };
}
