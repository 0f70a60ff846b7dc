import { describe, expect, it } from "vitest";
import { seededRandom } from "../shared/random.ts";
import { COARSE_FROM, FlightControl, type FlightLabel } from "./netsim.ts";
import { VirtualClock } from "./testing/virtual-clock.ts";

const label = (number: number): FlightLabel => ({ direction: "down", workerId: 1, kind: "stamped", number });

function setup() {
  const clock = new VirtualClock();
  const flights = new FlightControl(clock);
  const landed: number[] = [];
  const link = flights.attach({ land: (n) => landed.push(n as number) });
  const launch = (n: number, ms: number) => flights.launch(label(n), ms, link, n);
  return { clock, flights, landed, launch };
}

describe("FlightControl", () => {
  it("lands messages when due, soonest first", () => {
    const { clock, landed, launch } = setup();
    launch(1, 300);
    launch(2, 100);
    clock.run();
    expect(landed).toEqual([2, 1]);
  });

  it("holds everything while paused, lands what is due on resume, and steps one at a time", () => {
    const { clock, flights, landed, launch } = setup();
    flights.pause();
    launch(1, 100);
    launch(2, 200);
    launch(3, 5000);
    clock.runUntil(() => false, 1000);
    expect(landed).toEqual([]);
    expect(flights.step()).toBe(true);
    expect(landed).toEqual([1]);
    flights.resume();
    expect(landed).toEqual([1, 2]);
    clock.run();
    expect(landed).toEqual([1, 2, 3]);
  });

  it("keeps a held message until released, and drops, doubles or delivers one at once", () => {
    const { clock, flights, landed, launch } = setup();
    launch(1, 100);
    launch(2, 100);
    launch(3, 100);
    launch(4, 100);
    const [one, two, three, four] = flights.list().map((f) => f.id);
    flights.hold(one ?? 0);
    flights.drop(two ?? 0);
    flights.duplicate(three ?? 0);
    flights.deliverNow(four ?? 0);
    expect(landed).toEqual([4]);
    clock.run();
    expect(landed).toEqual([4, 3, 3]);
    expect(flights.list().map((f) => [f.number, f.held])).toEqual([[1, true]]);
    flights.release(one ?? 0);
    expect(landed).toEqual([4, 3, 3, 1]);
  });

  it("slows new messages down by the factor", () => {
    const { clock, flights, launch } = setup();
    flights.slowdown = 5;
    launch(1, 100);
    expect(flights.list()[0]?.dueAt).toBe(clock.now() + 500);
  });
});

describe("FlightControl memory", () => {
  it("keeps at most its maximum in flight through a long pause, losing (and counting) the rest", () => {
    const max = 10_000;
    const clock = new VirtualClock();
    const flights = new FlightControl(clock, 5, COARSE_FROM, max);
    const landed: number[] = [];
    const link = flights.attach({ land: (n) => landed.push(n as number) });
    const launch = (n: number, ms: number) => flights.launch(label(n), ms, link, n);
    flights.pause();
    // Due at once, so that resuming lands them without running the clock.
    for (let n = 1; n <= max + 500; n++) launch(n, 0);
    expect(flights.list()).toHaveLength(max);
    expect(flights.overflowed).toBe(500);
    expect(flights.duplicate(flights.list()[0]?.id ?? 0)).toBe(false);
    flights.resume();
    expect(landed).toHaveLength(max);
    expect(landed.at(-1)).toBe(max);
    launch(1, 10);
    expect(flights.list()).toHaveLength(1);
  });
});

describe("FlightControl for the board", () => {
  it("lists the soonest flights in one pass, as a full sort would, and steps the soonest not held", () => {
    const { flights, landed, launch } = setup();
    flights.pause();
    const random = seededRandom(9);
    for (let n = 1; n <= 2000; n++) launch(n, Math.floor(random.next() * 500));
    const all = flights.list();
    const even = (f: { number: number }) => f.number % 2 === 0;
    expect(flights.soonest(100, even)).toEqual(all.filter(even).slice(0, 100));
    expect(flights.soonest(5000, () => true)).toEqual(all);
    const [first, second] = all;
    flights.hold(first?.id ?? 0);
    expect(flights.step()).toBe(true);
    expect(landed).toEqual([second?.number]);
  });
});

describe("FlightControl as data", () => {
  it("is plain data: a snapshot survives structuredClone and restores the same flights, as far from due", () => {
    const { clock, flights, landed, launch } = setup();
    launch(1, 100);
    launch(2, 300);
    flights.hold(flights.list()[1]?.id ?? 0);
    const snapshot = structuredClone(flights.snapshot());
    clock.runUntil(() => false, 1000);
    expect(landed).toEqual([1]);
    flights.drop(flights.list()[0]?.id ?? 0);
    flights.restore(snapshot);
    expect(flights.list().map((f) => [f.number, f.dueAt - clock.now(), f.held])).toEqual([
      [1, 100, false],
      [2, 300, true],
    ]);
    clock.runUntil(() => false, 5000);
    expect(landed).toEqual([1, 1]);
    expect(flights.list().map((f) => f.number)).toEqual([2]);
  });

  it("timers set before a restore do not land the restored flights early", () => {
    const { clock, flights, landed, launch } = setup();
    launch(1, 50);
    const snapshot = flights.snapshot();
    clock.after(40, () => {});
    clock.runUntil(() => false, 40);
    flights.restore(snapshot);
    clock.runUntil(() => false, 60);
    expect(landed).toEqual([]);
    clock.runUntil(() => false, 100);
    expect(landed).toEqual([1]);
  });

  it("a retired link still lands what is in flight, then is forgotten; a detached one lands nothing", () => {
    const clock = new VirtualClock();
    const flights = new FlightControl(clock);
    const landed: string[] = [];
    const retired = flights.attach({ land: (p) => landed.push(`retired ${p}`) });
    const cut = flights.attach({ land: (p) => landed.push(`cut ${p}`) });
    flights.launch(label(1), 10, retired, 1);
    flights.launch(label(2), 10, cut, 2);
    flights.retire(retired);
    flights.detach(cut);
    clock.run();
    expect(landed).toEqual(["retired 1"]);
    // Forgotten once empty: a flight launched on it now lands nowhere.
    flights.launch(label(3), 10, retired, 3);
    clock.run();
    expect(landed).toEqual(["retired 1"]);
  });

  it("housekeeping flights (acks, heads) land while the network is paused, and are never stepped", () => {
    const { clock, flights } = setup();
    const landed: number[] = [];
    const link = flights.attach({ land: (p) => landed.push(p as number) });
    flights.pause();
    flights.launch({ direction: "down", workerId: 1, kind: "control", number: 0 }, 10, link, 7);
    expect(flights.step()).toBe(false);
    clock.run();
    expect(landed).toEqual([7]);
  });
});

describe("FlightControl on a wheel of 5 ms", () => {
  it("lands at exact due times while fewer than its coarse threshold are in flight, on ticks from there", () => {
    const clock = new VirtualClock();
    const flights = new FlightControl(clock, 5, 3);
    const landed: string[] = [];
    const link = flights.attach({ land: (n) => landed.push(`${n}@${clock.now()}`) });
    for (const [n, ms] of [
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
    ] as const)
      flights.launch(label(n), ms, link, n);
    clock.run();
    expect(landed).toEqual(["1@1", "2@2", "3@5", "4@5"]);
  });

  function onWheel() {
    const clock = new VirtualClock();
    // Coarse from the first flight on.
    const flights = new FlightControl(clock, 5, 0);
    const landed: string[] = [];
    const link = flights.attach({ land: (n) => landed.push(`${n}@${clock.now()}`) });
    const launch = (n: number, ms: number) => flights.launch(label(n), ms, link, n);
    return { clock, flights, landed, launch };
  }

  it("lands a tick's flights together at its end in due-time order, and later ticks after", () => {
    const { clock, landed, launch } = onWheel();
    launch(1, 4);
    launch(2, 1);
    launch(3, 7);
    launch(4, 4);
    clock.run();
    expect(landed).toEqual(["2@5", "1@5", "4@5", "3@10"]);
  });

  it("lists the soonest flights bucket by bucket, as a full sort would", () => {
    const { flights, launch } = onWheel();
    flights.pause();
    const random = seededRandom(4);
    for (let n = 1; n <= 3000; n++) launch(n, random.next() * 800);
    const all = flights.list();
    const odd = (f: { number: number }) => f.number % 2 === 1;
    expect(flights.soonest(100, odd)).toEqual(all.filter(odd).slice(0, 100));
    expect(flights.soonest(1, () => true)).toEqual(all.slice(0, 1));
  });

  it("reuses a record only once it left its tick: each flight lands once, at its own time", () => {
    const { clock, flights, landed, launch } = onWheel();
    launch(1, 3);
    launch(2, 4);
    flights.deliverNow(flights.list()[0]?.id ?? 0);
    clock.run();
    launch(3, 12);
    launch(4, 2);
    clock.run();
    expect(landed).toEqual(["1@0", "2@5", "4@10", "3@20"]);
    expect(flights.size).toBe(0);
  });

  it("what a landing sets off sees the rest of the tick in the table: listed, and forgotten by a reset", () => {
    const clock = new VirtualClock();
    const flights = new FlightControl(clock, 5, 0);
    const landed: number[] = [];
    let seen: number[] = [];
    const link = flights.attach({
      land: (n) => {
        landed.push(n as number);
        seen = flights.list().map((f) => f.number);
        flights.forget();
      },
    });
    for (const n of [1, 2, 3]) flights.launch(label(n), n, link, n);
    clock.run();
    expect(landed).toEqual([1]);
    expect(seen).toEqual([2, 3]);
    expect(flights.size).toBe(0);
  });

  it("a flight dropped before its tick never lands; the rest of the tick does", () => {
    const { clock, flights, landed, launch } = onWheel();
    launch(1, 2);
    launch(2, 3);
    flights.drop(flights.list()[0]?.id ?? 0);
    clock.run();
    expect(landed).toEqual(["2@5"]);
    expect(flights.size).toBe(0);
  });

  it("keeps a tick's flights while paused or held, and lands them in due order on resume and release", () => {
    const { clock, flights, landed, launch } = onWheel();
    launch(1, 3);
    launch(2, 1);
    launch(3, 8);
    flights.hold(flights.list().find((f) => f.number === 3)?.id ?? 0);
    flights.pause();
    clock.runUntil(() => false, 20);
    expect(landed).toEqual([]);
    // The clock stopped at the last tick it ran (10).
    const t = clock.now();
    flights.resume();
    expect(landed).toEqual([`2@${t}`, `1@${t}`]);
    flights.release(flights.list()[0]?.id ?? 0);
    expect(landed).toEqual([`2@${t}`, `1@${t}`, `3@${t}`]);
    expect(flights.size).toBe(0);
  });

  it("slows flights down by the factor, then rounds up to the tick", () => {
    const { clock, flights, landed, launch } = onWheel();
    flights.slowdown = 3;
    launch(1, 4);
    expect(flights.list()[0]?.dueAt).toBe(12);
    clock.run();
    expect(landed).toEqual(["1@15"]);
  });

  it("restores a snapshot onto the wheel: the same flights, as far from due", () => {
    const { clock, flights, landed, launch } = onWheel();
    launch(1, 12);
    const snapshot = structuredClone(flights.snapshot());
    clock.runUntil(() => false, 20);
    // Restored at 15 (the last tick run): due 12 ms later, at 27, in the tick ending at 30.
    expect(clock.now()).toBe(15);
    flights.restore(snapshot);
    clock.run();
    expect(landed).toEqual(["1@15", "1@30"]);
  });
});
