import { describe, expect, it } from "vitest";
import { OrderDigest } from "../shared/digest.ts";
import { Agreement } from "./agreement.ts";
import { Mirror, type MirrorHistory } from "./mirror.ts";

const record = (seq: number) => ({ seq, from: 1, cid: "c", n: seq, data: `d${seq}`, time: 0 });

describe("Agreement", () => {
  it("finds no difference while workers deliver the same seqs at each position", () => {
    const agreement = new Agreement();
    for (const worker of [1, 2]) for (let p = 1; p <= 3; p++) agreement.record(worker, p, p);
    expect(agreement.difference).toBeNull();
  });

  it("reports the first position where two workers delivered different seqs", () => {
    const agreement = new Agreement();
    agreement.record(1, 1, 1);
    agreement.record(1, 2, 2);
    agreement.record(2, 1, 1);
    agreement.record(2, 2, 3);
    expect(agreement.difference).toEqual({ position: 2, workers: [1, 2] });
    agreement.reset();
    expect(agreement.difference).toBeNull();
  });
});

describe("Agreement memory", () => {
  it("forgets positions every worker has passed, and still finds a later difference", () => {
    const agreement = new Agreement();
    for (let p = 1; p <= 10_000; p++) agreement.record(1, p, p);
    for (let p = 1; p <= 9_000; p++) agreement.record(2, p, p);
    agreement.forgetThrough(9_000);
    expect(agreement.kept).toBe(1_000);
    agreement.record(2, 9_001, 9_002);
    expect(agreement.difference).toEqual({ position: 9_001, workers: [1, 2] });
  });

  it("starts where the board opened: a long run before it costs nothing", () => {
    // Found in review: the first delivery after a board opened at seq 1M made a million-slot array.
    const agreement = new Agreement();
    agreement.reset(1_000_000);
    agreement.record(3, 1, 1);
    agreement.record(1, 1_000_001, 1_000_001);
    agreement.record(2, 1_000_001, 1_000_001);
    expect(agreement.kept).toBe(1);
    agreement.record(2, 1_000_002, 7);
    agreement.record(1, 1_000_002, 1_000_002);
    expect(agreement.difference).toEqual({ position: 1_000_002, workers: [2, 1] });
  });

  it("keeps comparing when a worker ahead records first, and stays within its bound when one jumps far", () => {
    // Found in review: an emptied record rebased on the worker ahead, and the others' positions were skipped.
    const agreement = new Agreement();
    for (let p = 1; p <= 5000; p++) for (const worker of [1, 2]) agreement.record(worker, p, p);
    agreement.forgetThrough(5000);
    expect(agreement.kept).toBe(0);
    agreement.record(3, 5010, 5010);
    agreement.record(1, 5001, 5001);
    agreement.record(2, 5001, 9999);
    expect(agreement.difference).toEqual({ position: 5001, workers: [1, 2] });
    agreement.record(3, 3_000_000, 3_000_000);
    expect(agreement.kept).toBeLessThanOrEqual(1_000_000);
  });
});

describe("Mirror", () => {
  it("holds back as the worker does, and keeps a lane row per message", () => {
    const mirror = new Mirror("total");
    expect(mirror.arrive(record(2), 10, 20)).toEqual([]);
    expect(mirror.held()).toEqual([2]);
    expect(mirror.arrive(record(1), 11, 30).map((r) => r.seq)).toEqual([1, 2]);
    expect(mirror.rows.get(2)).toEqual({ seq: 2, sentAt: 10, arrivedAt: 20, deliveredAt: 30 });
    expect(mirror.delivered).toBe(2);
  });

  it("without ordering, delivers on arrival and only drops repeats", () => {
    const mirror = new Mirror("none");
    expect(mirror.arrive(record(2), 0, 1).map((r) => r.seq)).toEqual([2]);
    expect(mirror.arrive(record(2), 0, 2)).toEqual([]);
    expect(mirror.arrive(record(1), 0, 3).map((r) => r.seq)).toEqual([1]);
  });

  it("starts after what a resuming worker already delivered, with the same digest", () => {
    const prefix = new OrderDigest();
    prefix.add(1, "d1");
    prefix.add(2, "d2");
    const resumed = new Mirror("total", { through: 2, digest: prefix });
    const fresh = new Mirror("total");
    fresh.arrive(record(1), 0, 0);
    fresh.arrive(record(2), 0, 0);
    expect(resumed.orderDigest).toBe(fresh.orderDigest);
    expect(resumed.arrive(record(3), 0, 0).map((r) => r.seq)).toEqual([3]);
  });
});

describe("Mirror memory", () => {
  it("in 'none' mode remembers the seqs it saw in bounded memory, even past a gap never filled", () => {
    const mirror = new Mirror("none");
    // Seq 1 never arrives; 2..20,001 do, then each again (duplicates).
    for (let seq = 2; seq <= 20_001; seq++) expect(mirror.arrive(record(seq), 0, 0)).toHaveLength(1);
    expect(mirror.policy.remembered).toBeLessThanOrEqual(10_001);
    for (let seq = 15_000; seq <= 20_001; seq++) expect(mirror.arrive(record(seq), 0, 0)).toEqual([]);
    expect(mirror.delivered).toBe(20_000);
  });

  it("keeps events for the exports within the room's budget, and counts what it dropped", () => {
    const budget = { left: 5 };
    const history: MirrorHistory = { events: [], dropped: 0 };
    const mirror = new Mirror("total", undefined, history, budget);
    for (let seq = 1; seq <= 8; seq++) mirror.arrive(record(seq), 0, 0);
    expect(history.events).toHaveLength(5);
    expect(history.dropped).toBe(3);
    expect(budget.left).toBe(0);
    // Found in review: budget given back (another worker's mirror evicted) resumed recording, leaving a hole.
    budget.left = 100;
    for (let seq = 9; seq <= 12; seq++) mirror.arrive(record(seq), 0, 0);
    expect(history.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(history.dropped).toBe(7);
  });
});
