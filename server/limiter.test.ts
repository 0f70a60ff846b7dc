import { expect, it } from "vitest";
import { RateLimiter } from "./limiter.ts";

it("allows a burst, then refills at the rate", () => {
  let now = 0;
  const limiter = new RateLimiter(10, 3, () => now);
  expect([limiter.take(), limiter.take(), limiter.take(), limiter.take()]).toEqual([true, true, true, false]);
  now = 100;
  expect([limiter.take(), limiter.take()]).toEqual([true, false]);
  now = 10_000;
  expect([limiter.take(), limiter.take(), limiter.take(), limiter.take()]).toEqual([true, true, true, false]);
});

it("is not locked out when the clock steps back", () => {
  let now = 10_000;
  const limiter = new RateLimiter(10, 2, () => now);
  limiter.take();
  limiter.take();
  now = 0;
  expect(limiter.take()).toBe(false);
  now = 200;
  expect(limiter.take()).toBe(true);
});

it("tells whether a token is there, and whether the bucket is full, without taking one", () => {
  let now = 0;
  const limiter = new RateLimiter(1, 2, () => now);
  expect([limiter.ready(), limiter.full()]).toEqual([true, true]);
  limiter.take();
  limiter.take();
  expect([limiter.ready(), limiter.full()]).toEqual([false, false]);
  now = 1000;
  expect([limiter.ready(), limiter.full()]).toEqual([true, false]);
  now = 2000;
  expect(limiter.full()).toBe(true);
});
