import { describe, expect, it } from "vitest";
import { seededRandom } from "../../shared/random.ts";
import { VirtualClock } from "../testing/virtual-clock.ts";
import { byDue, TimingWheel } from "./wheel.ts";

interface Item {
  readonly id: number;
  readonly dueAt: number;
}

function setup(tickMs: number) {
  const clock = new VirtualClock();
  const fired: { at: number; ids: number[] }[] = [];
  const wheel = new TimingWheel<Item>(clock, tickMs, (items) => fired.push({ at: clock.now(), ids: items.map((i) => i.id) }));
  return { clock, wheel, fired };
}

describe("TimingWheel", () => {
  it("fires everything due within one tick together at the tick's end, soonest due first, ties in the order added", () => {
    const { clock, wheel, fired } = setup(5);
    wheel.add({ id: 1, dueAt: 4.5 });
    wheel.add({ id: 2, dueAt: 1 });
    wheel.add({ id: 3, dueAt: 4.5 });
    wheel.add({ id: 4, dueAt: 5 });
    clock.run();
    expect(fired).toEqual([{ at: 5, ids: [2, 1, 3, 4] }]);
  });

  it("fires a full tick in exactly the order a sort by due time, then order added, gives", () => {
    const { clock, wheel, fired } = setup(4);
    const random = seededRandom(11);
    const items: Item[] = [];
    for (let id = 1; id <= 2000; id++) {
      // Many exact ties (whole and half milliseconds), and the tick's edges 1000 and 1004.
      const dueAt = 1000 + (random.next() < 0.5 ? Math.round(random.next() * 8) / 2 : random.next() * 4);
      items.push({ id, dueAt: Math.min(1004, Math.max(1000.000001, dueAt)) });
    }
    for (const item of items) wheel.add(item);
    clock.run();
    expect(fired).toEqual([{ at: 1004, ids: [...items].sort(byDue).map((i) => i.id) }]);
  });

  it("fires ticks in time order, each once, whatever the order entries were added in", () => {
    const { clock, wheel, fired } = setup(5);
    wheel.add({ id: 1, dueAt: 12 });
    wheel.add({ id: 2, dueAt: 3 });
    wheel.add({ id: 3, dueAt: 7 });
    wheel.add({ id: 4, dueAt: 11 });
    clock.run();
    expect(fired).toEqual([
      { at: 5, ids: [2] },
      { at: 10, ids: [3] },
      { at: 15, ids: [4, 1] },
    ]);
  });

  it("with tick 0, fires each exact due time on its own", () => {
    const { clock, wheel, fired } = setup(0);
    wheel.add({ id: 1, dueAt: 2.5 });
    wheel.add({ id: 2, dueAt: 2.25 });
    wheel.add({ id: 3, dueAt: 2.5 });
    clock.run();
    expect(fired).toEqual([
      { at: 2.25, ids: [2] },
      { at: 2.5, ids: [1, 3] },
    ]);
  });

  it("hands over what is due through a time (a resume), and forgets everything on clear", () => {
    const { clock, wheel, fired } = setup(5);
    wheel.add({ id: 1, dueAt: 3 });
    wheel.add({ id: 2, dueAt: 9 });
    wheel.add({ id: 3, dueAt: 1 });
    expect(wheel.takeThrough(5).map((i) => i.id)).toEqual([3, 1]);
    expect([...wheel.entries()].map((i) => i.id)).toEqual([2]);
    wheel.clear();
    clock.run();
    expect(fired).toEqual([]);
  });
});
