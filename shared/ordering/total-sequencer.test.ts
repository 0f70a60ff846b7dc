import { describe, expect, it } from "vitest";
import { totalBySequencer } from "./total-sequencer.ts";

const m = (seq: number, from = 1, n = seq) => ({ seq, from, n });
const policy = (through = 0) => totalBySequencer.create<ReturnType<typeof m>>({ through });

describe("total order by the sequencer", () => {
  it("delivers the next seq at once", () => {
    expect(policy().receive(m(1))).toEqual({ kind: "delivered", deliverable: [m(1)] });
  });

  it("holds an early seq and says which seq it waits for", () => {
    const total = policy();
    expect(total.receive(m(3))).toEqual({ kind: "queued", waitingFor: 1 });
    expect(total.held()).toEqual([m(3)]);
    expect(total.whyHeld(3)).toBe("waiting for #1");
  });

  it("releases held seqs in order once the missing one arrives", () => {
    const total = policy();
    total.receive(m(3));
    total.receive(m(2));
    expect(total.receive(m(1))).toEqual({ kind: "delivered", deliverable: [m(1), m(2), m(3)] });
  });

  it("drops a repeat of a delivered seq and of a held one", () => {
    const total = policy();
    total.receive(m(1));
    total.receive(m(3));
    expect(total.receive(m(1))).toEqual({ kind: "duplicate" });
    expect(total.receive(m(3))).toEqual({ kind: "duplicate" });
  });

  it("counts the gap from the seq it waits for, and knows what came", () => {
    const total = policy();
    total.receive(m(1));
    total.receive(m(3));
    expect(total.firstMissing).toBe(2);
    expect([1, 2, 3].map((seq) => total.has(seq))).toEqual([true, false, true]);
  });

  it("says in words what the hold-back queue waits for, or that it is empty", () => {
    const total = policy();
    expect(total.summary()).toBe("empty: everything arrived in order");
    total.receive(m(2));
    expect(total.summary()).toBe("waiting for #1");
    expect(total.whyHeld(1)).toBeNull();
  });

  it("resumes after the last seq delivered", () => {
    const total = policy();
    total.receive(m(1));
    total.receive(m(2));
    total.receive(m(4));
    expect(total.resumeAfter).toBe(2);
  });

  it("starts after a delivered prefix 1..k of the sequencer's order", () => {
    const total = policy(5);
    expect(total.receive(m(5))).toEqual({ kind: "duplicate" });
    expect(total.receive(m(6))).toEqual({ kind: "delivered", deliverable: [m(6)] });
  });

  it("can be rebuilt from any delivered prefix of the sequencer's order", () => {
    expect(totalBySequencer.prefixThrough(5)).toBe(5);
  });

  it("continues only a worker that resumes exactly where it stands", () => {
    const total = policy(3);
    expect(total.continuesAfter(3)).toBe(true);
    expect(total.continuesAfter(2)).toBe(false);
  });

  it("remembers only what it holds", () => {
    const total = policy();
    total.receive(m(2));
    total.receive(m(3));
    expect(total.remembered).toBe(2);
  });
});
