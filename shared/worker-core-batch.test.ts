import { describe, expect, it } from "vitest";
import { orderDigest } from "./digest.ts";
import { type Batch, buildBatch, type OrderingMode, parseServerFrame, type Stamped, type Welcome } from "./protocol.ts";
import { testWelcome } from "./testing/welcome.ts";
import { WorkerCore, type WorkerEvent } from "./worker-core.ts";

const welcome = (workerId: number, historyThrough: number, mode: OrderingMode = "total"): Welcome =>
  testWelcome({ workerId, historyThrough, mode });
const stamped = (seq: number, from = 9): Stamped => ({ type: "stamped", seq, from, n: seq, data: `m${seq}`, time: 100 + seq });

/** Seqs from..to as one batch, the way the sequencer builds it and the worker's edge checks it. */
function batch(from: number, to: number, change = (_seq: number): Partial<Stamped> => ({})): Batch {
  const records = [];
  for (let seq = from; seq <= to; seq++) records.push({ ...stamped(seq), ...change(seq) });
  const { frame, count } = buildBatch(records, 0);
  expect(count).toBe(records.length);
  const parsed = parseServerFrame(frame);
  if (!parsed.ok || parsed.message.type !== "batch") throw new Error("not a batch");
  return parsed.message;
}

function core(historyThrough: number, mode: OrderingMode = "total", workerId = 2) {
  let clock = 1000;
  const worker = new WorkerCore(() => clock++);
  worker.join(welcome(workerId, historyThrough, mode));
  return worker;
}

const kinds = (events: readonly WorkerEvent[]) =>
  events.map((e) => (e.kind === "delivered" || e.kind === "queued" || e.kind === "duplicate" ? `${e.kind} ${e.message.seq}` : e.kind));

describe("WorkerCore.receiveBatch", () => {
  it("delivers a batch as it would the same records one frame each: same events, same order, same digest", () => {
    const one = core(10);
    const each = core(10);
    const events = one.receiveBatch(batch(1, 10));
    const eachEvents = Array.from({ length: 10 }, (_, i) => each.receive(stamped(i + 1))).flat();
    expect(events.map(({ time: _, ...e }) => e)).toEqual(eachEvents.map(({ time: _, ...e }) => e));
    expect(one.delivered).toEqual(each.delivered);
    expect(one.orderDigest).toBe(orderDigest(each.delivered));
    expect(one.seedLog()).toBe(each.seedLog());
  });

  it("takes a live message that overtook the catch-up as held, then drops its copy in the batch as a duplicate", () => {
    const worker = core(6);
    expect(kinds(worker.receive(stamped(7)))).toEqual(["queued 7"]);
    expect(kinds(worker.receive(stamped(4)))).toEqual(["queued 4"]);
    const events = worker.receiveBatch(batch(1, 6));
    expect(kinds(events)).toEqual([
      "delivered 1",
      "delivered 2",
      "delivered 3",
      "delivered 4",
      "duplicate 4",
      "delivered 5",
      "delivered 6",
      "delivered 7",
    ]);
    expect(worker.delivered.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(worker.held()).toEqual([]);
  });

  it("drops the part of a batch it already delivered, and delivers the rest", () => {
    const worker = core(8);
    worker.receiveBatch(batch(1, 5));
    const events = worker.receiveBatch(batch(3, 8));
    expect(kinds(events)).toEqual(["duplicate 3", "duplicate 4", "duplicate 5", "delivered 6", "delivered 7", "delivered 8"]);
    expect(worker.delivered.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it("holds a batch beyond a gap, notices the gap, and delivers it all once the gap is filled", () => {
    const worker = core(0);
    worker.head(8);
    expect(kinds(worker.receiveBatch(batch(5, 8)))).toEqual(["queued 5", "queued 6", "queued 7", "queued 8"]);
    expect(worker.missing()).toEqual([1, 2, 3, 4]);
    expect(worker.nacksDue(0)).toEqual([{ type: "nack", from: 1, to: 4 }]);
    expect(kinds(worker.receiveBatch(batch(1, 4))).filter((k) => k.startsWith("delivered"))).toHaveLength(8);
    expect(worker.missing()).toEqual([]);
    expect(worker.nacksDue(0)).toEqual([]);
  });

  it("recognises its own sends in a batch: they are delivered back and no longer pending", () => {
    const worker = core(0, "total", 2);
    worker.send("mine");
    expect(worker.ownPending).toBe(1);
    worker.receiveBatch(batch(1, 3, (seq) => (seq === 2 ? { from: 2, n: 1 } : {})));
    expect(worker.ownPending).toBe(0);
    expect(worker.unackedCount).toBe(0);
  });

  it("with no ordering, delivers each record on arrival and drops repeats", () => {
    const worker = core(4, "none");
    worker.receive(stamped(3));
    expect(kinds(worker.receiveBatch(batch(1, 4)))).toEqual(["delivered 1", "delivered 2", "duplicate 3", "delivered 4"]);
  });

  it("gives each record its own stamp time back from the differences", () => {
    const worker = core(3);
    worker.receiveBatch(batch(1, 3));
    expect(worker.delivered.map((m) => m.time)).toEqual([101, 102, 103]);
  });
});
