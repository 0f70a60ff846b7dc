import { describe, expect, it } from "vitest";
import { SeenSeqs } from "./seen-seqs.ts";

describe("SeenSeqs", () => {
  it("says whether a seq came for the first time", () => {
    const seen = new SeenSeqs();
    expect(seen.add(2)).toBe(true);
    expect(seen.add(2)).toBe(false);
  });

  it("folds a run without gaps into its counter", () => {
    const seen = new SeenSeqs();
    for (const seq of [3, 1, 2]) seen.add(seq);
    expect(seen.contiguousThrough).toBe(3);
    expect(seen.size).toBe(0);
  });

  it("keeps the seqs above a gap one by one", () => {
    const seen = new SeenSeqs();
    seen.add(1);
    seen.add(3);
    seen.add(4);
    expect(seen.contiguousThrough).toBe(1);
    expect(seen.size).toBe(2);
    expect(seen.has(2)).toBe(false);
  });

  it("past its limit gives the oldest gap up, taking that seq for seen", () => {
    const seen = new SeenSeqs(2);
    for (const seq of [2, 3, 5]) seen.add(seq);
    expect(seen.contiguousThrough).toBe(3);
    expect(seen.has(1)).toBe(true);
    expect(seen.add(1)).toBe(false);
    expect(seen.size).toBe(1);
  });
});
