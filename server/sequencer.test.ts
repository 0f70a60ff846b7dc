import { describe, expect, it } from "vitest";
import { Sequencer } from "./sequencer.ts";

describe("Sequencer", () => {
  it("stamps consecutive seqs from 1 with the sender, its send number and the server time", () => {
    let now = 50;
    const sequencer = new Sequencer(() => now++);
    expect(sequencer.stamp(3, "a-cid", 1, "a")).toEqual({ seq: 1, from: 3, cid: "a-cid", n: 1, data: "a", time: 50 });
    expect(sequencer.stamp(4, "b-cid", 1, "b")).toMatchObject({ seq: 2, from: 4, time: 51 });
    expect(sequencer.lastSeq).toBe(2);
  });

  it("counts a stamp as sequenced only once it is marked durable", () => {
    const sequencer = new Sequencer(() => 0);
    sequencer.stamp(1, "c", 1, "x");
    expect(sequencer.durableSeq).toBe(0);
    sequencer.markDurable(1);
    expect(sequencer.durableSeq).toBe(1);
  });

  it("continues numbering after the records already in the log", () => {
    const sequencer = new Sequencer(() => 0, 1);
    expect(sequencer.durableSeq).toBe(1);
    expect(sequencer.stamp(1, "c", 2, "y").seq).toBe(2);
  });
});
