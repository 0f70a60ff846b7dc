import { describe, expect, it } from "vitest";
import { hardLimit, isLoopback, SocketCounts, WatcherSlots } from "./address-limits.ts";

describe("SocketCounts", () => {
  it("refuses upgrades past the total and past the per-address limit, and forgets closed sockets", () => {
    const counts = new SocketCounts(3, 2);
    counts.connected("10.0.0.7");
    counts.connected("10.0.0.7");
    expect(counts.refusal("10.0.0.7")).toBeNull();
    counts.connected("10.0.0.7");
    expect(counts.refusal("10.0.0.7")).toBe("address");
    expect(counts.refusal("10.0.0.8")).toBeNull();
    counts.connected("10.0.0.8");
    expect(counts.refusal("10.0.0.8")).toBe("total");
    counts.closed("10.0.0.7");
    counts.closed("10.0.0.8");
    expect(counts.refusal("10.0.0.7")).toBeNull();
    expect(counts.total).toBe(2);
  });

  it("does not limit loopback per address, but counts it in the total", () => {
    const counts = new SocketCounts(1000, 2);
    for (let i = 0; i < 100; i++) expect(counts.connected("127.0.0.1")).toBe(true);
    expect(counts.refusal("127.0.0.1")).toBeNull();
    expect(counts.total).toBe(100);
  });

  it("drops sockets far past a limit", () => {
    const counts = new SocketCounts(1000, 2);
    const verdicts = Array.from({ length: hardLimit(2) + 1 }, () => counts.connected("10.0.0.7"));
    expect(verdicts.at(-2)).toBe(true);
    expect(verdicts.at(-1)).toBe(false);
  });
});

it("knows loopback addresses", () => {
  expect(["127.0.0.1", "::1", "::ffff:127.0.0.1"].map(isLoopback)).toEqual([true, true, true]);
  expect(["10.0.0.1", "::ffff:10.0.0.1", "fe80::1"].map(isLoopback)).toEqual([false, false, false]);
});

it("hands out watcher slots up to the cap, and takes them back", () => {
  const slots = new WatcherSlots(2);
  expect([slots.take(), slots.take(), slots.take()]).toEqual([true, true, false]);
  slots.give();
  expect(slots.take()).toBe(true);
});
