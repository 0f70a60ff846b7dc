import type { Arrival, DeliveryPolicy, Ordered, Ordering, PolicyOptions } from "./policy.ts";
import { SeenSeqs } from "./seen-seqs.ts";

/** No ordering: each message is delivered the moment it arrives; only repeats are dropped. */
class DeliverOnArrival<T extends Ordered> implements DeliveryPolicy<T> {
  readonly ordering = none;
  private readonly seen: SeenSeqs;

  constructor(options: PolicyOptions) {
    this.seen = new SeenSeqs(options.remember);
  }

  receive(message: T): Arrival<T> {
    return this.seen.add(message.seq) ? { kind: "delivered", deliverable: [message] } : { kind: "duplicate" };
  }

  has(seq: number): boolean {
    return this.seen.has(seq);
  }

  held(): T[] {
    return [];
  }

  whyHeld(): null {
    return null;
  }

  summary(): string {
    return none.description;
  }

  get firstMissing(): number {
    return this.seen.contiguousThrough + 1;
  }

  /** Deliveries are no prefix of the sequencer's order: the whole history comes again, and repeats are dropped. */
  get resumeAfter(): number {
    return 0;
  }

  /** What was seen stays true wherever a replay starts. */
  continuesAfter(): boolean {
    return true;
  }

  get remembered(): number {
    return this.seen.size;
  }
}

/** "none": deliver on arrival, to show why the sequencer is needed. */
export const none: Ordering = {
  mode: "none",
  label: "no ordering (deliver on arrival)",
  title: "No ordering (deliver on arrival)",
  brief: "none (on arrival)",
  description: "ordering is off: each message is delivered the moment it arrives",
  holdsBack: false,
  repairsGaps: false,
  prefixThrough: () => 0,
  create: <T extends Ordered>(options: PolicyOptions = {}) => new DeliverOnArrival<T>(options),
};
