import type { Arrival } from "./ordering/policy.ts";

/** Anything that carries a global timestamp (sequence number). */
export interface Sequenced {
  readonly seq: number;
}

/**
 * The hold-back queue of the original run: a message whose seq is one above
 * the last delivered is delivered; any other is held; after each delivery the
 * held successors are drained in order. The engine of total order by the
 * sequencer (ordering/total-sequencer.ts). Pure: no clock, no I/O.
 */
export class HoldBackQueue<T extends Sequenced> {
  private delivered: number;
  private readonly held = new Map<number, T>();

  /** `lastDelivered` lets a worker resume after the seqs it already has. */
  constructor(lastDelivered = 0) {
    this.delivered = lastDelivered;
  }

  /** The seq of the last message delivered (0 before any). */
  get lastDelivered(): number {
    return this.delivered;
  }

  /** The seq the queue waits for. */
  get nextExpected(): number {
    return this.delivered + 1;
  }

  /** How many messages are held back. */
  get size(): number {
    return this.held.size;
  }

  /** Whether a message with this seq is held. */
  has(seq: number): boolean {
    return this.held.has(seq);
  }

  /** The held messages, lowest seq first. */
  heldMessages(): T[] {
    return [...this.held.values()].sort((a, b) => a.seq - b.seq);
  }

  receive(message: T): Arrival<T> {
    if (message.seq <= this.delivered || this.held.has(message.seq)) {
      return { kind: "duplicate" };
    }
    if (message.seq !== this.delivered + 1) {
      this.held.set(message.seq, message);
      return { kind: "queued", waitingFor: this.delivered + 1 };
    }
    const deliverable = [message];
    this.delivered = message.seq;
    for (let next = this.held.get(this.delivered + 1); next; next = this.held.get(this.delivered + 1)) {
      this.held.delete(next.seq);
      deliverable.push(next);
      this.delivered = next.seq;
    }
    return { kind: "delivered", deliverable };
  }
}
