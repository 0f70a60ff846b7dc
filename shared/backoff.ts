/**
 * How long to wait before the next reconnect: exponential, capped, and spread
 * at random so that a class of tabs cut off together does not come back in
 * one wave. Pure: the random source is passed in.
 */
import type { Random } from "./random.ts";

export interface Backoff {
  /** The wait before the first retry, in ms (before the spread). */
  readonly firstMs: number;
  /** The longest wait, in ms (before the spread). */
  readonly maxMs: number;
  /** How far a wait is spread: 0.5 draws it from 75% to 125% of the nominal wait. */
  readonly spread: number;
}

/** The reconnect backoff of every worker and board: 250 ms doubling to 5 s, ±25%. */
export const RECONNECT: Backoff = { firstMs: 250, maxMs: 5000, spread: 0.5 };

/**
 * The wait before retry number `retries` (0 for the first), in ms. It takes
 * exactly one number from `random`, so a seeded run replays alike.
 */
export function reconnectDelay(retries: number, random: Random, backoff: Backoff = RECONNECT): number {
  const nominal = Math.min(backoff.maxMs, backoff.firstMs * 2 ** Math.max(0, retries));
  return nominal * (1 - backoff.spread / 2 + random.next() * backoff.spread);
}
