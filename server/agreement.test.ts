import { describe, expect, it } from "vitest";
import { OrderDigest } from "../shared/digest.ts";
import { Agreement } from "./agreement.ts";
import { Mirror } from "./mirror.ts";

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
