import { describe, expect, it } from "vitest";
import { none } from "./none.ts";

const m = (seq: number) => ({ seq, from: 1, n: seq });
const policy = (remember?: number) => none.create<ReturnType<typeof m>>(remember === undefined ? {} : { remember });

describe("no ordering", () => {
  it("delivers each message the moment it arrives, whatever its seq", () => {
    const unordered = policy();
    expect(unordered.receive(m(3))).toEqual({ kind: "delivered", deliverable: [m(3)] });
    expect(unordered.receive(m(1))).toEqual({ kind: "delivered", deliverable: [m(1)] });
  });

  it("drops a repeat", () => {
    const unordered = policy();
    unordered.receive(m(2));
    expect(unordered.receive(m(2))).toEqual({ kind: "duplicate" });
  });

  it("never holds anything back", () => {
    const unordered = policy();
    unordered.receive(m(5));
    expect(unordered.held()).toEqual([]);
    expect(unordered.whyHeld(5)).toBeNull();
    expect(unordered.summary()).toBe(none.description);
  });

  it("counts gaps from the lowest seq that has not come", () => {
    const unordered = policy();
    unordered.receive(m(1));
    unordered.receive(m(3));
    expect(unordered.firstMissing).toBe(2);
    expect([1, 2, 3].map((seq) => unordered.has(seq))).toEqual([true, false, true]);
  });

  it("resumes from the start, so the whole history comes again", () => {
    const unordered = policy();
    unordered.receive(m(1));
    expect(unordered.resumeAfter).toBe(0);
  });

  it("cannot be rebuilt from a prefix of the sequencer's order", () => {
    expect(none.prefixThrough(7)).toBe(0);
  });

  it("ignores a prefix it is offered", () => {
    const unordered = none.create<ReturnType<typeof m>>({ through: 4 });
    expect(unordered.receive(m(2))).toEqual({ kind: "delivered", deliverable: [m(2)] });
  });

  it("stays the worker's state wherever a replay starts", () => {
    const unordered = policy();
    unordered.receive(m(2));
    expect(unordered.continuesAfter(0)).toBe(true);
    expect(unordered.continuesAfter(9)).toBe(true);
  });

  it("remembers the seqs above a gap within its bound", () => {
    const unordered = policy(3);
    for (const seq of [2, 3, 4, 5, 6]) unordered.receive(m(seq));
    expect(unordered.remembered).toBeLessThanOrEqual(3);
  });
});
