import { describe, expect, it } from "vitest";
import { RECONNECT, reconnectDelay } from "./backoff.ts";
import type { Random } from "./random.ts";

const fixed = (value: number): Random => ({ next: () => value });

describe("reconnectDelay", () => {
  it("waits the first step on the first retry, with the spread centred", () => {
    expect(reconnectDelay(0, fixed(0.5))).toBe(RECONNECT.firstMs);
  });

  it("doubles with each retry", () => {
    expect([1, 2, 3].map((n) => reconnectDelay(n, fixed(0.5)))).toEqual([500, 1000, 2000]);
  });

  it("never waits longer than the cap, however many retries failed", () => {
    expect(reconnectDelay(40, fixed(0.5))).toBe(RECONNECT.maxMs);
    expect(reconnectDelay(10_000, fixed(0.5))).toBe(RECONNECT.maxMs);
  });

  it("spreads a wait from 75% to 125% of its nominal value", () => {
    expect(reconnectDelay(2, fixed(0))).toBe(750);
    expect(reconnectDelay(2, fixed(0.999999))).toBeCloseTo(1250, 2);
  });

  it("takes exactly one number from the random source", () => {
    let draws = 0;
    reconnectDelay(3, {
      next: () => {
        draws++;
        return 0.3;
      },
    });
    expect(draws).toBe(1);
  });

  it("follows the backoff it is given", () => {
    expect(reconnectDelay(3, fixed(0.9), { firstMs: 100, maxMs: 400, spread: 0 })).toBe(400);
  });
});
