import { describe, expect, it } from "vitest";
import type { WorkerEvent } from "../../shared/worker-core.ts";
import { laneAfter, lanePercent, laneRows, Overtakes } from "./lane.ts";
import { LANE_ROWS } from "./slices/types.ts";

const message = (seq: number, from = 1) => ({ seq, from, n: seq, data: `d${seq}`, time: 0 });
const context = { historyThrough: 0, isOwn: (from: number) => from === 7 };

describe("laneAfter", () => {
  it("draws a held message as waiting, then completes its row on delivery", () => {
    const queued: WorkerEvent[] = [{ kind: "queued", message: message(2), waitingFor: 1, repaired: false, time: 100 }];
    const held = laneAfter([], queued, context);
    expect(held).toMatchObject([{ seq: 2, arrivedAt: 100, deliveredAt: null, waitingFor: 1 }]);
    const delivered: WorkerEvent[] = [
      { kind: "delivered", message: message(1), repaired: false, time: 400 },
      { kind: "delivered", message: message(2), repaired: true, time: 400 },
    ];
    expect(laneAfter(held, delivered, context)).toMatchObject([
      { seq: 1, arrivedAt: 400, deliveredAt: 400, waitingFor: null },
      { seq: 2, arrivedAt: 100, deliveredAt: 400, waitingFor: 1, repaired: true },
    ]);
  });

  it("marks catch-up history and this tab's own messages", () => {
    const events: WorkerEvent[] = [
      { kind: "delivered", message: message(1, 7), repaired: false, time: 1 },
      { kind: "delivered", message: message(2, 3), repaired: false, time: 1 },
    ];
    const lane = laneAfter([], events, { ...context, historyThrough: 1 });
    expect(lane.map((e) => [e.catchUp, e.own])).toEqual([
      [true, true],
      [false, false],
    ]);
  });

  it("keeps only the latest rows by seq", () => {
    const events: WorkerEvent[] = Array.from({ length: LANE_ROWS + 5 }, (_, i) => ({
      kind: "delivered",
      message: message(i + 1),
      repaired: false,
      time: i,
    }));
    const lane = laneAfter([], events, context);
    expect(lane).toHaveLength(LANE_ROWS);
    expect(lane[0]?.seq).toBe(6);
  });
});

describe("Overtakes", () => {
  it("names the smallest seq each delivery overtook, and none for one in order", () => {
    const delivered: { seq: number }[] = [];
    const overtakes = new Overtakes(delivered);
    for (const seq of [1, 3, 5, 2, 4, 6]) delivered.push({ seq });
    overtakes.update(3);
    expect([1, 3, 5].map((s) => overtakes.of(s))).toEqual([null, 2, 2]);
    overtakes.update(6);
    expect([2, 4, 6].map((s) => overtakes.of(s))).toEqual([null, null, null]);
  });
});

describe("lanePercent", () => {
  it("places a time by its distance from the origin, in track widths", () => {
    expect(lanePercent(9000, 1000, 8000)).toBe(100);
    expect(lanePercent(1000, 1000, 8000)).toBe(0);
    expect(lanePercent(-3000, 1000, 8000)).toBe(-50);
  });

  it("shifted by the window's start, puts the window's ends at 0 % and 100 % of the track", () => {
    const origin = 1_000_000;
    const now = origin + 123_456;
    const shift = lanePercent(now - 8000, origin, 8000);
    expect(lanePercent(now, origin, 8000) - shift).toBeCloseTo(100);
    expect(lanePercent(now - 8000, origin, 8000) - shift).toBeCloseTo(0);
    expect(lanePercent(now - 2000, origin, 8000) - shift).toBeCloseTo(75);
  });
});

describe("laneRows", () => {
  const entry = (seq: number) => laneAfter([], [{ kind: "delivered", message: message(seq), repaired: false, time: seq }], context)[0];

  it("puts placeholders for missing seqs among the arrived ones, each seq once, in seq order", () => {
    const lane = [entry(3), entry(6)].filter((e) => e !== undefined);
    const rows = laneRows(lane, [
      { seq: 2, asked: false },
      { seq: 4, asked: true },
      { seq: 5, asked: false },
      { seq: 6, asked: false },
    ]);
    // #2 is older than the lane's first row: it is not drawn; #6 arrived: drawn once, as arrived.
    expect(rows.map((row) => [row.seq, "asked" in row])).toEqual([
      [3, false],
      [4, true],
      [5, true],
      [6, false],
    ]);
  });

  it("keeps the latest LANE_ROWS seqs when most of the lane's range is still on its way", () => {
    const lane = [entry(1), entry(10 * LANE_ROWS)].filter((e) => e !== undefined);
    const missing = Array.from({ length: 10 * LANE_ROWS - 2 }, (_, i) => ({ seq: i + 2, asked: false }));
    const rows = laneRows(lane, missing);
    expect(rows).toHaveLength(LANE_ROWS);
    expect(rows.map((row) => row.seq)).toEqual(Array.from({ length: LANE_ROWS }, (_, i) => 9 * LANE_ROWS + 1 + i));
  });
});
