import { describe, expect, it } from "vitest";
import { OrderDigest, orderDigest } from "../shared/digest.ts";
import { Mirror } from "./mirror.ts";
import { RECENT_PREFIXES, RecentDigests } from "./mirror-digests.ts";

const records = Array.from({ length: RECENT_PREFIXES + 50 }, (_, i) => ({ seq: i + 1, data: `d${i + 1}` }));
const prefix = (through: number) => {
  const digest = new OrderDigest();
  for (const r of records.slice(0, through)) digest.add(r.seq, r.data);
  return digest;
};

describe("RecentDigests", () => {
  it("gives each prefix's digest: recent ones kept, older ones and a gap's start from the log", () => {
    const asked: number[] = [];
    const recent = new RecentDigests((through) => {
      asked.push(through);
      return prefix(through);
    });
    // A board arrives after seq 10: the first add starts from the log's digest of 1..10.
    for (const r of records.slice(10)) recent.add(r.seq, r.data);
    expect(asked).toEqual([10]);
    const last = records.length;
    for (const through of [last, last - 1, last - RECENT_PREFIXES + 1]) {
      expect(recent.value(through)).toBe(orderDigest(records.slice(0, through)));
    }
    expect(asked).toEqual([10]);
    expect(recent.value(5)).toBe(orderDigest(records.slice(0, 5)));
    expect(asked).toEqual([10, 5]);
  });

  it("a mirror in total order reads its digest from there, and has the digest of what it delivered", () => {
    const recent = new RecentDigests(prefix);
    const shared = new Mirror("total", undefined, undefined, undefined, recent);
    const own = new Mirror("total");
    for (const seq of [2, 1, 4, 3, 5]) {
      const record = { seq, from: 1, cid: "c", n: seq, data: `d${seq}`, time: 0 };
      recent.add(seq, record.data);
      shared.arrive(record, 0, 0);
      own.arrive(record, 0, 0);
    }
    expect(shared.orderDigest).toBe(own.orderDigest);
    expect(shared.orderDigest).toBe(orderDigest(records.slice(0, 5)));
  });
});

describe("MirrorRows", () => {
  it("keeps the newest seqs' rows; a late older seq does not push a newer one out", () => {
    const mirror = new Mirror("none");
    const arrive = (seq: number) => mirror.arrive({ seq, from: 1, cid: "c", n: seq, data: "x", time: 0 }, 0, seq);
    for (let seq = 1; seq <= 300; seq++) arrive(seq);
    const kept = mirror.rows.keys();
    expect(kept).toHaveLength(256);
    expect(kept[0]).toBe(45);
    expect(mirror.rows.get(300)).toMatchObject({ seq: 300, arrivedAt: 300, deliveredAt: 300 });
    expect(mirror.rows.get(44)).toBeUndefined();
    // Seq 44 arrives only now (mode none delivers it): its slot holds 300, which stays.
    arrive(44);
    expect(mirror.rows.get(300)?.seq).toBe(300);
  });
});
