import { HoldBackQueue } from "../holdback.ts";
import type { Arrival, DeliveryPolicy, Ordered, Ordering, PolicyOptions } from "./policy.ts";

/** Total order by the sequencer: seq k is delivered once 1..k-1 are; early arrivals wait in the hold-back queue. */
class SequencerOrder<T extends Ordered> implements DeliveryPolicy<T> {
  readonly ordering = totalBySequencer;
  private readonly queue: HoldBackQueue<T>;

  constructor(options: PolicyOptions) {
    this.queue = new HoldBackQueue<T>(options.through ?? 0);
  }

  receive(message: T): Arrival<T> {
    return this.queue.receive(message);
  }

  has(seq: number): boolean {
    return seq <= this.queue.lastDelivered || this.queue.has(seq);
  }

  held(): T[] {
    return this.queue.heldMessages();
  }

  whyHeld(seq: number): string | null {
    return this.queue.has(seq) ? `waiting for #${this.queue.nextExpected}` : null;
  }

  summary(): string {
    return this.queue.size ? `waiting for #${this.queue.nextExpected}` : "empty: everything arrived in order";
  }

  get firstMissing(): number {
    return this.queue.nextExpected;
  }

  /** Deliveries are the sequencer's 1..k: the sequencer replays from k + 1. */
  get resumeAfter(): number {
    return this.queue.lastDelivered;
  }

  continuesAfter(after: number): boolean {
    return after === this.queue.lastDelivered;
  }

  get remembered(): number {
    return this.queue.size;
  }
}

/** "total": the sequencer's order, the same at every worker. */
export const totalBySequencer: Ordering = {
  mode: "total",
  label: "total order (sequencer)",
  title: "Total order (sequencer)",
  brief: "total (sequencer)",
  description: "held back until every lower seq is delivered: every worker delivers in the sequencer's order",
  holdsBack: true,
  repairsGaps: true,
  prefixThrough: (through) => through,
  create: <T extends Ordered>(options: PolicyOptions = {}) => new SequencerOrder<T>(options),
};
