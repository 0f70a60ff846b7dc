import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Slots } from "./slots.ts";

describe("Slots", () => {
  it("keeps an item's slot while it stays, and gives a new item a slot that an item which left gave up", () => {
    const slots = new Slots();
    expect(slots.of([10, 11, 12])).toEqual([0, 1, 2]);
    // 10 left, 13 came: 11 and 12 keep theirs, 13 takes 10's.
    expect(slots.of([11, 12, 13])).toEqual([1, 2, 0]);
    expect(slots.of([11, 12, 13])).toEqual([1, 2, 0]);
    expect(slots.of([])).toEqual([]);
    expect(slots.of([5])).toEqual([0]);
  });

  it("gives distinct slots below the list's length, and keeps every staying item's slot, whatever the lists", () => {
    const lists = fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { maxLength: 20 }), { maxLength: 30 });
    fc.assert(
      fc.property(lists, (sequence) => {
        const slots = new Slots();
        let before = new Map<number, number>();
        for (const seqs of sequence) {
          const given = slots.of(seqs);
          expect(new Set(given).size).toBe(seqs.length);
          for (const slot of given) expect(slot).toBeLessThan(Math.max(seqs.length, before.size + seqs.length));
          for (const [i, seq] of seqs.entries()) if (before.has(seq)) expect(given[i]).toBe(before.get(seq));
          before = new Map(seqs.map((seq, i) => [seq, given[i] as number]));
        }
      }),
    );
  });
});
