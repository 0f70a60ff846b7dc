import { describe, expect, it } from "vitest";
import { orderDigest } from "../shared/digest.ts";
import { CHECKPOINT_EVERY, PrefixDigests } from "./prefix-digests.ts";

describe("PrefixDigests", () => {
  it("gives the digest of any prefix, from a checkpoint and the records after it", () => {
    const records = Array.from({ length: 2 * CHECKPOINT_EVERY + 100 }, (_, i) => ({ seq: i + 1, data: `d${(i * 7919) % 1000}` }));
    const digests = new PrefixDigests();
    for (const r of records) digests.add(r.seq, r.data);
    const reads: [number, number][] = [];
    const read = (from: number, to: number) => {
      reads.push([from, to]);
      return records.slice(from - 1, to);
    };
    for (const through of [0, 1, CHECKPOINT_EVERY - 1, CHECKPOINT_EVERY, CHECKPOINT_EVERY + 1, 2 * CHECKPOINT_EVERY + 50, records.length]) {
      expect(digests.at(through, read).value).toBe(orderDigest(records.slice(0, through)));
    }
    // Never more than one checkpoint's worth of records is read for one prefix.
    const readFor = (through: number) => {
      reads.length = 0;
      digests.at(through, read);
      return reads.reduce((sum, [from, to]) => sum + to - from + 1, 0);
    };
    expect(readFor(2 * CHECKPOINT_EVERY + 50)).toBe(50);
    expect(readFor(records.length)).toBe(0);
  });

  it("starts over on reset", () => {
    const digests = new PrefixDigests();
    digests.add(1, "a");
    digests.reset();
    digests.add(1, "b");
    expect(digests.at(1, () => []).value).toBe(orderDigest([{ seq: 1, data: "b" }]));
  });
});
