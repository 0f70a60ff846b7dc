/**
 * A worker's own sends: their numbers, which are not yet acknowledged (to
 * send again) or not yet delivered back, and the round trip their acks
 * measure. Part of the worker core (worker-core.ts). Pure: times are passed in.
 */
import { RoundTrip } from "./round-trip.ts";

interface Unacked {
  readonly data: string;
  lastSentAt: number;
  /** Sent once, and not across a pause: its ack measures the round trip (Karn's rule). */
  measurable: boolean;
}

export class OwnSends {
  private readonly unacked = new Map<number, Unacked>();
  private readonly undelivered = new Set<number>();
  private last = 0;
  /** The measured round trip of sends, for the resend and NACK timeouts. */
  readonly roundTrip = new RoundTrip();

  /** The sequencer holds sends 1..lastN (a welcome): forget them, and never reuse their numbers. */
  joined(lastN: number): void {
    this.acknowledge(lastN);
    // A worker that forgot its sends (a restarted CLI with the same cid) must not reuse their numbers.
    this.last = Math.max(this.last, lastN);
  }

  /** Numbers a new send of `data`, sent at `time`. */
  add(data: string, time: number): number {
    const n = ++this.last;
    this.unacked.set(n, { data, lastSentAt: time, measurable: true });
    this.undelivered.add(n);
    return n;
  }

  /** Sends 1..n are stamped (an ack): send n's round trip is a sample. */
  acked(n: number, time: number): void {
    this.answered(n, time);
    this.acknowledge(n);
  }

  /** Send `n` was answered: its round trip is a sample if it went once (Karn's rule), and only once. */
  answered(n: number, time: number): void {
    const pending = this.unacked.get(n);
    if (!pending?.measurable) return;
    pending.measurable = false;
    this.roundTrip.sample(time - pending.lastSentAt);
  }

  /** Send `n` came back stamped: it is done. */
  delivered(n: number): void {
    this.undelivered.delete(n);
    this.unacked.delete(n);
  }

  /** The sequencer refused send `n` for good. */
  refused(n: number): void {
    this.unacked.delete(n);
    this.undelivered.delete(n);
  }

  /** What is unacknowledged now was held (a pause, a resend): its acks measure no round trip. */
  unmeasurable(): void {
    for (const pending of this.unacked.values()) pending.measurable = false;
  }

  /** Sends not acknowledged within `timeoutMs` of their last sending, marked as sent again at `time`. */
  due(timeoutMs: number, time: number): { n: number; data: string }[] {
    const due: { n: number; data: string }[] = [];
    for (const [n, pending] of this.unacked) {
      if (time - pending.lastSentAt < timeoutMs) continue;
      pending.lastSentAt = time;
      due.push({ n, data: pending.data });
    }
    if (due.length === 0) return due;
    // Later sends wait at the sequencer for the resent ones: their acks no longer measure the network.
    this.unmeasurable();
    if (timeoutMs > 0) this.roundTrip.timedOut(time, timeoutMs);
    return due;
  }

  /** How many sends are not yet delivered back. */
  get pending(): number {
    return this.undelivered.size;
  }

  /** How many sends are not yet acknowledged. */
  get unackedCount(): number {
    return this.unacked.size;
  }

  private acknowledge(through: number): void {
    for (const n of this.unacked.keys()) if (n <= through) this.unacked.delete(n);
  }
}
