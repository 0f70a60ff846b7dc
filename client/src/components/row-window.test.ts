import { describe, expect, it } from "vitest";
import { rowSlots, rowWindow } from "./row-window.ts";

const base = { rowHeight: 24, viewHeight: 240, overscan: 5 };

describe("rowWindow", () => {
  it("draws the rows in view plus the overscan, never the whole list", () => {
    const w = rowWindow({ ...base, count: 100_000, scrollTop: 24 * 500, pinned: false });
    expect(w.first).toBe(495);
    expect(w.end).toBe(495 + w.slots);
    expect(w.slots).toBe(11 + 10);
  });

  it("pinned, draws the last rows whatever scrollTop says", () => {
    const w = rowWindow({ ...base, count: 100_000, scrollTop: 0, pinned: true });
    expect(w.end).toBe(100_000);
    expect(w.first).toBeLessThanOrEqual(100_000 - 10);
  });

  it("keeps the number of drawn rows the same as the list grows", () => {
    const sizes = [2_000, 50_000, 100_000, 1_000_000].map((count) => {
      const w = rowWindow({ ...base, count, scrollTop: 0, pinned: true });
      return w.end - w.first;
    });
    expect(new Set(sizes).size).toBe(1);
  });

  it("clamps at both ends of a short list", () => {
    expect(rowWindow({ ...base, count: 3, scrollTop: 0, pinned: false })).toEqual({ first: 0, end: 3, slots: 21 });
    expect(rowWindow({ ...base, count: 3, scrollTop: 9_999, pinned: false })).toMatchObject({ first: 0, end: 3 });
  });
});

describe("rowSlots", () => {
  it("as the list grows by k rows, gives k slots a new row and leaves the others as they were", () => {
    const before = rowSlots(rowWindow({ ...base, count: 100_000, scrollTop: 0, pinned: true }));
    const after = rowSlots(rowWindow({ ...base, count: 100_004, scrollTop: 0, pinned: true }));
    const slotOf = new Map(before.map((r) => [r.slot, r.index]));
    const rewritten = after.filter((r) => slotOf.get(r.slot) !== r.index);
    expect(rewritten).toHaveLength(4);
    expect(new Set(after.map((r) => r.slot)).size).toBe(after.length);
  });
});
