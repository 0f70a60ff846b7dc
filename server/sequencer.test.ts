import { describe, expect, it } from "vitest";
import { Sequencer } from "./sequencer.ts";

describe("Sequencer", () => {
  it("stamps consecutive seqs from 1 with the sender, its send number and the server time", () => {
    let now = 50;
    const sequencer = new Sequencer(() => now++);
    expect(sequencer.stamp(3, 1, "a")).toEqual({ type: "stamped", seq: 1, from: 3, n: 1, data: "a", time: 50 });
    expect(sequencer.stamp(4, 1, "b")).toEqual({ type: "stamped", seq: 2, from: 4, n: 1, data: "b", time: 51 });
    expect(sequencer.lastSeq).toBe(2);
  });

  it("keeps the history and returns what follows a given seq", () => {
    const sequencer = new Sequencer(() => 0);
    for (const data of ["a", "b", "c"]) sequencer.stamp(1, 1, data);
    expect(sequencer.history(0).map((s) => s.data)).toEqual(["a", "b", "c"]);
    expect(sequencer.history(2).map((s) => s.seq)).toEqual([3]);
    expect(sequencer.history(3)).toEqual([]);
  });
});
