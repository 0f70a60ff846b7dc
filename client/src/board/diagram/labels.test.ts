import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkProperty } from "../../../../shared/testing/fast-check.ts";
import { labelWidth, placeLabels } from "./labels.ts";

const room = { slots: 2, digitWidth: 12, gap: 6, left: 0, right: 1000 };

describe("seq labels", () => {
  it("places labels far apart in the first slot", () => {
    const placed = placeLabels(
      [
        { seq: 1, x: 100 },
        { seq: 2, x: 300 },
      ],
      room,
    );
    expect(placed.map((p) => [p.seq, p.slot])).toEqual([
      [1, 0],
      [2, 0],
    ]);
  });

  it("moves a colliding label to the next slot, and thins what fits nowhere", () => {
    const placed = placeLabels(
      [
        { seq: 3, x: 100 },
        { seq: 5, x: 104 },
        { seq: 10, x: 108 },
      ],
      room,
    );
    expect(placed.map((p) => [p.seq, p.slot])).toEqual([
      [3, 0],
      [5, 1],
    ]);
  });

  it("places the followed message's label first, whatever its neighbours", () => {
    const placed = placeLabels(
      [
        { seq: 3, x: 100 },
        { seq: 5, x: 104 },
        { seq: 10, x: 108, first: true },
      ],
      { ...room, slots: 1 },
    );
    expect(placed.map((p) => p.seq)).toEqual([10]);
  });

  it("shows nothing on a lane with no room for labels", () => {
    expect(placeLabels([{ seq: 1, x: 10 }], { ...room, slots: 0 })).toEqual([]);
  });

  it("keeps labels inside the lane", () => {
    const [label] = placeLabels([{ seq: 123, x: 995 }], room);
    expect(label && label.x + label.width / 2).toBeLessThanOrEqual(1000);
  });

  it("never lets two labels in one slot overlap", () => {
    checkProperty(
      fc.property(
        fc.array(
          fc.record({ seq: fc.integer({ min: 1, max: 100_000 }), x: fc.double({ min: 0, max: 1000, noNaN: true }), first: fc.boolean() }),
        ),
        fc.integer({ min: 0, max: 3 }),
        (wishes, slots) => {
          const placed = placeLabels(wishes, { ...room, slots });
          for (const a of placed)
            for (const b of placed) {
              if (a === b || a.slot !== b.slot) continue;
              expect(Math.abs(a.x - b.x)).toBeGreaterThanOrEqual((a.width + b.width) / 2 - 1e-9);
            }
          for (const p of placed) expect(p.width).toBe(labelWidth(p.seq, room));
        },
      ),
    );
  });
});
