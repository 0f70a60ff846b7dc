/**
 * A timing wheel (Varghese and Lauck; Netty's HashedWheelTimer) for the
 * flight table: entries are kept in buckets of `tickMs`, and each bucket has
 * one clock timer, so thousands of messages in flight cost a few hundred
 * timers, not one each. A bucket hands over its entries all at once, in
 * due-time order (ties in the order they were added), so what lands in one
 * tick lands in one turn of the event loop, and the outbox writes it to each
 * worker as one write. An entry added as not `coarse` (or with `tickMs` 0)
 * has a bucket of its exact due time: the timing is then exactly that of a
 * timer per entry.
 * Pure over the injected clock.
 */
import type { Clock } from "../../shared/clock.ts";

/** What the wheel keeps: something due at a time, numbered in the order it was made. */
export interface Due {
  readonly id: number;
  readonly dueAt: number;
}

export class TimingWheel<T extends Due> {
  // Buckets by the time their timer fires (a multiple of the tick, or the exact due time with tick 0).
  private readonly buckets = new Map<number, T[]>();
  // Bucket times that have a clock timer set (it may outlive its bucket after a clear; it then finds nothing).
  private readonly timers = new Set<number>();

  constructor(
    private readonly clock: Clock,
    readonly tickMs: number,
    /** A bucket's time came: its entries, soonest due first. */
    private readonly fire: (entries: T[]) => void,
  ) {}

  /** When the bucket holding an entry due at `dueAt` fires: the end of its tick, or its exact time. */
  slotOf(dueAt: number, coarse: boolean): number {
    return coarse && this.tickMs > 0 ? Math.ceil(dueAt / this.tickMs) * this.tickMs : dueAt;
  }

  /** Adds an entry, in a bucket of its tick when `coarse`, else of its exact due time. */
  add(entry: T, coarse = true): void {
    const slot = this.slotOf(entry.dueAt, coarse);
    const bucket = this.buckets.get(slot);
    if (bucket) bucket.push(entry);
    else this.buckets.set(slot, [entry]);
    if (this.timers.has(slot)) return;
    this.timers.add(slot);
    this.clock.after(slot - this.clock.now(), () => {
      this.timers.delete(slot);
      const entries = this.take(slot);
      if (entries.length > 0) this.fire(entries);
    });
  }

  /** Takes out every entry whose bucket's time is `through` or earlier, soonest due first. */
  takeThrough(through: number): T[] {
    const taken: T[] = [];
    for (const slot of [...this.buckets.keys()]) if (slot <= through) taken.push(...this.take(slot, false));
    return taken.sort(byDue);
  }

  /** The buckets, soonest first, with the time each fires; a bucket's entries are not sorted. */
  bySlot(): [number, readonly T[]][] {
    return [...this.buckets].sort((a, b) => a[0] - b[0]);
  }

  /** Every entry, bucket by bucket (not sorted). */
  *entries(): Generator<T> {
    for (const bucket of this.buckets.values()) yield* bucket;
  }

  /** Forgets every entry (their timers, when they fire, find nothing). */
  clear(): void {
    this.buckets.clear();
  }

  private take(slot: number, sort = true): T[] {
    const bucket = this.buckets.get(slot);
    if (!bucket) return [];
    this.buckets.delete(slot);
    return sort ? this.inDueOrder(bucket, slot) : bucket;
  }

  /**
   * A bucket's entries, soonest due first, ties in the order added. A lecture's tick holds
   * hundreds: each gets a number key (its place in the tick to about a nanosecond, then its
   * place in the bucket) and a typed array sorts the keys natively, with no comparator calls.
   */
  private inDueOrder(bucket: T[], slot: number): T[] {
    // With tick 0 every entry of a bucket is due at the same time: the order added is the order.
    if (bucket.length < 2 || this.tickMs === 0) return bucket;
    const start = slot - this.tickMs;
    const keys = new Float64Array(bucket.length);
    for (let i = 0; i < bucket.length; i++) {
      // At least 0: an entry due exactly at the tick's start may compute a hair below it.
      const place = Math.max(0, Math.floor((((bucket[i] as T).dueAt - start) / this.tickMs) * PLACES_IN_TICK));
      keys[i] = place * PLACES_IN_BUCKET + i;
    }
    keys.sort();
    const sorted = new Array<T>(bucket.length);
    for (let i = 0; i < bucket.length; i++) sorted[i] = bucket[(keys[i] as number) % PLACES_IN_BUCKET] as T;
    return sorted;
  }
}

/** Places within a tick (2^22: about a nanosecond in 4 ms) and within a bucket (2^21, past MAX_FLIGHTS); their product stays exact in a double. */
const PLACES_IN_TICK = 2 ** 22;
const PLACES_IN_BUCKET = 2 ** 21;

/** Soonest due first; ties in the order made. */
export function byDue(a: Due, b: Due): number {
  return a.dueAt - b.dueAt || a.id - b.id;
}
