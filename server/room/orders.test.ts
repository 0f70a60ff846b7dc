import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkProperty } from "../../shared/testing/fast-check.ts";
import { lagClass, OrderNotices } from "./order-notices.ts";
import { OrderClasses } from "./orders.ts";

const agree = (a: readonly number[], b: readonly number[]) => a.every((seq, i) => i >= b.length || b[i] === seq);
const isLogPrefix = (a: readonly number[]) => a.every((seq, i) => seq === i + 1);

/** Plays each worker's deliveries, interleaved as `schedule` says; calls `check` after every delivery. */
function play(orders: readonly number[][], schedule: readonly number[], check: (classes: OrderClasses, done: number[][]) => void): void {
  const classes = new OrderClasses();
  const done: number[][] = orders.map(() => []);
  for (const [id] of orders.entries()) classes.place(id + 1);
  for (const pick of schedule) {
    const w = pick % orders.length;
    const seq = orders[w]?.[done[w]?.length ?? 0];
    if (seq === undefined) continue;
    classes.deliver(w + 1, seq);
    done[w]?.push(seq);
    if (pick % 7 === 0) classes.compact();
    check(classes, done);
  }
}

// Few seqs and few workers: the same orders, and orders sharing prefixes, come up often.
const worker = fc.shuffledSubarray([1, 2, 3, 4, 5], { minLength: 0, maxLength: 5 });
const room = fc.tuple(fc.array(worker, { minLength: 1, maxLength: 7 }), fc.array(fc.nat(), { maxLength: 60 }));

describe("OrderClasses", () => {
  it("gives the sequencer's order class 0, whatever each worker has delivered of it", () => {
    const classes = new OrderClasses();
    classes.place(1);
    classes.place(2, 10);
    for (const seq of [1, 2, 3]) classes.deliver(1, seq);
    classes.deliver(2, 11);
    expect([classes.colour(1), classes.colour(2)]).toEqual([0, 0]);
  });

  it("gives a worker that overtook a new class, and one that took the same path the same class", () => {
    const classes = new OrderClasses();
    for (const id of [1, 2, 3]) classes.place(id);
    classes.deliver(1, 2);
    classes.deliver(2, 1);
    classes.deliver(3, 2);
    expect([classes.colour(1), classes.colour(2), classes.colour(3)]).toEqual([1, 0, 1]);
  });

  it("keeps a lagging worker in its class, and moves it when it turns out to differ", () => {
    const classes = new OrderClasses();
    for (const id of [1, 2]) classes.place(id);
    for (const seq of [2, 1, 3]) classes.deliver(1, seq);
    classes.deliver(2, 2);
    expect(classes.colour(2)).toBe(1);
    classes.deliver(2, 3);
    expect(classes.colour(2)).toBe(2);
  });

  it("frees the number of an order nobody shows any more", () => {
    const classes = new OrderClasses();
    classes.place(1);
    classes.deliver(1, 2);
    classes.remove(1);
    expect(classes.classes).toBe(1);
    classes.place(2);
    classes.deliver(2, 3);
    expect(classes.colour(2)).toBe(1);
  });

  it("property: the same class only for orders that agree over their common prefix", () => {
    checkProperty(
      fc.property(room, ([orders, schedule]) =>
        play(orders, schedule, (classes, done) => {
          for (const [a, x] of done.entries())
            for (const [b, y] of done.entries()) if (classes.colour(a + 1) === classes.colour(b + 1)) expect(agree(x, y)).toBe(true);
        }),
      ),
    );
  });

  it("property: class 0 exactly for the sequencer's order; equal orders share a class", () => {
    checkProperty(
      fc.property(room, ([orders, schedule]) =>
        play(orders, schedule, (classes, done) => {
          for (const [a, x] of done.entries()) {
            expect(classes.colour(a + 1) === 0).toBe(isLogPrefix(x));
            for (const [b, y] of done.entries()) if (x.join() === y.join()) expect(classes.colour(a + 1)).toBe(classes.colour(b + 1));
          }
        }),
      ),
    );
  });

  // Those still within the sequencer's order agree with it too: they keep class 0.
  it("property: workers that all agree (one order, different lags) share one class, past the sequencer's order", () => {
    checkProperty(
      fc.property(
        worker,
        fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        (order, lengths, schedule) =>
          play(
            lengths.map((l) => order.slice(0, l % (order.length + 1))),
            schedule,
            (classes, done) => {
              const past = done.flatMap((x, a) => (isLogPrefix(x) ? [] : [classes.colour(a + 1)]));
              expect(new Set(past).size).toBeLessThanOrEqual(1);
            },
          ),
      ),
    );
  });

  it("property: with at most 8 distinct orders, orders that disagree never share a palette colour", () => {
    checkProperty(
      fc.property(room, ([orders, schedule]) =>
        play(orders, schedule, (classes, done) => {
          if (new Set(done.map((x) => x.join())).size > 8) return;
          for (const [a, x] of done.entries())
            for (const [b, y] of done.entries()) if (!agree(x, y)) expect(classes.colour(a + 1) % 8).not.toBe(classes.colour(b + 1) % 8);
        }),
      ),
    );
  });
});

describe("lagClass", () => {
  it("changes only when the lag moves to another power of ten, no lag being a class of its own", () => {
    expect([0, 1, 9, 10, 99, 100, 12_345].map(lagClass)).toEqual([0, 1, 1, 2, 2, 3, 5]);
  });
});

describe("order notices", () => {
  it("tell a tab that was 5 behind when it has caught up, and not each small change of lag", () => {
    const frames: unknown[] = [];
    const socket = { send: (frame: string) => frames.push(JSON.parse(frame)), close: () => {} };
    const notices = new OrderNotices();
    for (const lag of [0, 5, 3, 0, 0]) notices.update(socket, 0, lag);
    expect(frames).toEqual([
      { type: "order", colour: 0, lag: 0 },
      { type: "order", colour: 0, lag: 5 },
      { type: "order", colour: 0, lag: 0 },
    ]);
  });
});
