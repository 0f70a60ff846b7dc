import { describe, expect, it } from "vitest";
import { HoldBackQueue } from "./holdback.ts";

const m = (seq: number) => ({ seq, data: `d${seq}` });

describe("HoldBackQueue", () => {
  it("delivers the next expected seq at once", () => {
    const queue = new HoldBackQueue<{ seq: number; data: string }>();
    expect(queue.receive(m(1))).toEqual({ kind: "delivered", deliverable: [m(1)] });
    expect(queue.lastDelivered).toBe(1);
  });

  it("holds a message that arrives early and says which seq it waits for", () => {
    const queue = new HoldBackQueue<{ seq: number; data: string }>();
    expect(queue.receive(m(3))).toEqual({ kind: "queued", waitingFor: 1 });
    expect(queue.size).toBe(1);
    expect(queue.nextExpected).toBe(1);
  });

  it("drains every held successor after the missing one arrives, in order", () => {
    const queue = new HoldBackQueue<{ seq: number; data: string }>();
    queue.receive(m(4));
    queue.receive(m(2));
    queue.receive(m(3));
    expect(queue.receive(m(1))).toEqual({ kind: "delivered", deliverable: [m(1), m(2), m(3), m(4)] });
    expect(queue.size).toBe(0);
  });

  it("stops draining at the next gap", () => {
    const queue = new HoldBackQueue<{ seq: number; data: string }>();
    queue.receive(m(2));
    queue.receive(m(4));
    expect(queue.receive(m(1))).toEqual({ kind: "delivered", deliverable: [m(1), m(2)] });
    expect(queue.heldMessages()).toEqual([m(4)]);
    expect(queue.nextExpected).toBe(3);
  });

  it("ignores a seq already delivered", () => {
    const queue = new HoldBackQueue<{ seq: number; data: string }>();
    queue.receive(m(1));
    expect(queue.receive(m(1))).toEqual({ kind: "duplicate" });
    expect(queue.lastDelivered).toBe(1);
  });

  it("ignores a seq already held", () => {
    const queue = new HoldBackQueue<{ seq: number; data: string }>();
    queue.receive(m(5));
    expect(queue.receive({ seq: 5, data: "other" })).toEqual({ kind: "duplicate" });
    expect(queue.heldMessages()).toEqual([m(5)]);
  });

  it("resumes after a given last delivered seq", () => {
    const queue = new HoldBackQueue(10);
    expect(queue.receive(m(10))).toEqual({ kind: "duplicate" });
    expect(queue.receive(m(11))).toEqual({ kind: "delivered", deliverable: [m(11)] });
  });

  it("replays the original run's arrivals into its delivery order", () => {
    // Worker 2's arrivals in the original run (../seed): 2 and 8, 9 arrived early.
    const queue = new HoldBackQueue<{ seq: number; data: string }>();
    const delivered: number[] = [];
    for (const seq of [2, 1, 3, 4, 8, 5, 9, 6, 7]) {
      const outcome = queue.receive(m(seq));
      if (outcome.kind === "delivered") delivered.push(...outcome.deliverable.map((x) => x.seq));
    }
    expect(delivered).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
