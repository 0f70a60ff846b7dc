/**
 * The order digest of every prefix of the log, found without rereading it
 * all: one digest runs along as records become durable, and a copy is kept
 * every CHECKPOINT_EVERY seqs. The digest of seqs 1..n is then the checkpoint
 * at or below n plus fewer than CHECKPOINT_EVERY records read from the log.
 * A board needs it to know what a worker that delivered 1..n holds. Pure.
 */
import { OrderDigest } from "../shared/digest.ts";

/** A copy of the running digest is kept every this many seqs (a few hundred bytes each). */
export const CHECKPOINT_EVERY = 4096;

/** Records read from the log at a time while catching a checkpoint up. */
const READ_STEP = 256;

export class PrefixDigests {
  private running = new OrderDigest();
  private through = 0;
  // saved[k]: the digest of seqs 1..k·CHECKPOINT_EVERY.
  private saved: OrderDigest[] = [new OrderDigest()];

  /** The next durable record, in seq order. */
  add(seq: number, data: string): void {
    this.running.add(seq, data);
    this.through = seq;
    if (seq % CHECKPOINT_EVERY === 0) this.saved.push(this.running.clone());
  }

  /** The digest of seqs 1..seq (at most the last added), reading what lies past its checkpoint. */
  at(seq: number, read: (from: number, to: number) => readonly { seq: number; data: string }[]): OrderDigest {
    const through = Math.max(0, Math.min(seq, this.through));
    if (through === this.through) return this.running.clone();
    const k = Math.floor(through / CHECKPOINT_EVERY);
    const digest = (this.saved[k] ?? new OrderDigest()).clone();
    for (let from = k * CHECKPOINT_EVERY + 1; from <= through; from += READ_STEP) {
      for (const record of read(from, Math.min(through, from + READ_STEP - 1))) digest.add(record.seq, record.data);
    }
    return digest;
  }

  reset(): void {
    this.running = new OrderDigest();
    this.through = 0;
    this.saved = [new OrderDigest()];
  }
}
