import { describe, expect, it } from "vitest";
import { RateLimiter } from "./limiter.ts";

describe("RateLimiter counted in records (NACK resends)", () => {
  it("gives a burst, then refills at its rate, all or nothing per take", () => {
    let time = 0;
    const budget = new RateLimiter(1000, 2000, () => time);
    expect(budget.take(1000)).toBe(true);
    expect(budget.take(1000)).toBe(true);
    expect(budget.take(1)).toBe(false);
    time = 500;
    expect(budget.take(600)).toBe(false);
    expect(budget.take(500)).toBe(true);
    time = 10_000;
    expect(budget.take(2001)).toBe(false);
    expect(budget.take(2000)).toBe(true);
  });

  it("does not lock out when the clock steps back", () => {
    let time = 1000;
    const budget = new RateLimiter(1000, 2000, () => time);
    expect(budget.take(2000)).toBe(true);
    time = 0;
    expect(budget.take(1)).toBe(false);
    time = 1;
    expect(budget.take(1)).toBe(true);
  });
});
