/**
 * The order digests of the room's recent prefixes, kept once for all the
 * board's mirrors. In a mode whose deliveries are the sequencer's 1..k (total
 * order), every worker's delivered sequence is a prefix of the log, so its
 * digest is that prefix's: one hash per message for the room, not one per
 * delivery per worker (90,000 a second in a lecture of 300). Pure.
 */
import { OrderDigest } from "../shared/digest.ts";

/** Prefixes kept (a copy of the running digest each, a few hundred bytes): several seconds of a lecture. */
export const RECENT_PREFIXES = 4096;

export class RecentDigests {
  private running = new OrderDigest();
  private through = 0;
  private readonly kept: (OrderDigest | undefined)[] = new Array(RECENT_PREFIXES);

  /** `older(through)`: the digest of seqs 1..through from the log, for a prefix no longer (or not yet) kept here. */
  constructor(private readonly older: (through: number) => OrderDigest) {}

  /** The next durable record; a gap (the first after a board arrived) restarts from the log's digest. */
  add(seq: number, data: string): void {
    if (seq !== this.through + 1) this.running = this.older(seq - 1);
    this.running.add(seq, data);
    this.through = seq;
    this.kept[seq % RECENT_PREFIXES] = this.running.clone();
  }

  /** The digest of seqs 1..through. */
  value(through: number): string {
    if (through <= this.through && through > this.through - RECENT_PREFIXES) {
      const kept = through === 0 ? undefined : this.kept[through % RECENT_PREFIXES];
      if (kept) return kept.value;
    }
    return this.older(through).value;
  }

  /** A new epoch: nothing kept belongs to it. */
  reset(): void {
    this.running = new OrderDigest();
    this.through = 0;
    this.kept.fill(undefined);
  }
}
