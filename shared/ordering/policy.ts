/**
 * An ordering is a delivery policy: given what arrived, what can be delivered
 * now, and what is held back and why. The tab, the CLI worker and the server's
 * mirrors run the same policy objects, so they deliver alike. Each mode is one
 * file beside this one, listed in modes.ts. Pure: no clock, no I/O.
 *
 * How the modes still to come fit, each as one file, one entry in modes.ts and
 * its name in the protocol's mode list:
 * - FIFO: per sender (`from`) the next `n` it expects; a message with a higher
 *   `n` is held ("waiting for worker 2's send 4"), and its delivery releases
 *   that sender's held successors. Repeats by seq (seen-seqs.ts).
 * - Causal: `stamped` grows a vector clock (so `T` does); a message is held
 *   until this worker has delivered everything it depends on, and says which
 *   sender's send it waits for.
 * - Total by Lamport timestamps: `stamped` grows (lamport, from); the lowest
 *   held is delivered once every sender has been heard from with a later
 *   timestamp ("waiting to hear from worker 3").
 * All three repair gaps (`repairsGaps`: a lost send blocks what follows it;
 * the worker core asks again for every seq `has` denies, whatever the order),
 * and none of them delivers the sequencer's 1..k, so `prefixThrough` is 0 and
 * a resume replays from 0 with repeats dropped, as "none" does.
 */
import type { OrderingMode } from "../protocol.ts";

/** What a policy may read of a message: the sequencer's stamp and the sender's own numbering. */
export interface Ordered {
  readonly seq: number;
  /** The sender's worker id. */
  readonly from: number;
  /** The sender's own number for this send, from 1. */
  readonly n: number;
}

/** What became of one arrival. */
export type Arrival<T> =
  /** Deliverable now: it and whatever it released, in delivery order. */
  | { readonly kind: "delivered"; readonly deliverable: readonly T[] }
  /** Held back; `waitingFor` is the lowest seq that has to come first. */
  | { readonly kind: "queued"; readonly waitingFor: number }
  /** Delivered or held already: it is ignored. */
  | { readonly kind: "duplicate" };

/** How a policy starts. */
export interface PolicyOptions {
  /** The worker already delivered seqs 1..through (only a mode whose `prefixThrough` keeps it uses this). */
  readonly through?: number;
  /** How many seqs seen above a gap never filled to remember before giving the oldest gap up; unbounded by default. */
  readonly remember?: number;
}

/** One mode: what it is called, what it promises, and how to make its policy. */
export interface Ordering {
  readonly mode: OrderingMode;
  /** For a menu and the board: "total order (sequencer)". */
  readonly label: string;
  /** The label starting with a capital: "Total order (sequencer)". */
  readonly title: string;
  /** For a tab's header: "total (sequencer)". */
  readonly brief: string;
  /** One line on what the mode does to deliveries. */
  readonly description: string;
  /** Whether messages can wait in a hold-back queue. */
  readonly holdsBack: boolean;
  /** Whether a worker asks the sequencer again (NACK) for missing seqs: delivery waits for them. */
  readonly repairsGaps: boolean;
  /**
   * A worker of this mode has received every seq through `through`: up to
   * which seq its deliveries are exactly the sequencer's 1..k, so that its
   * state can be rebuilt from that prefix of the log (0: they cannot).
   */
  prefixThrough(through: number): number;
  create<T extends Ordered>(options?: PolicyOptions): DeliveryPolicy<T>;
}

/** The delivery state of one worker under one ordering. */
export interface DeliveryPolicy<T extends Ordered> {
  readonly ordering: Ordering;
  /** Takes one arrival: delivers it and what it released, holds it back, or drops it as a repeat. */
  receive(message: T): Arrival<T>;
  /** Whether a message with this seq was delivered or is held: it came already. */
  has(seq: number): boolean;
  /** The held messages, lowest seq first. */
  held(): T[];
  /** Why the message with this seq is held, in words for the UI ("waiting for #7"); null if it is not held. */
  whyHeld(seq: number): string | null;
  /** The hold-back queue in words: "waiting for #7", "empty: everything arrived in order". */
  summary(): string;
  /** The lowest seq that has not come: gaps are counted from here. */
  readonly firstMissing: number;
  /** The seq a reconnecting worker asks to resume after: the sequencer replays every seq above it. */
  readonly resumeAfter: number;
  /** Whether this state is what a worker that resumes after `after` has, so a mirror of it can be kept. */
  continuesAfter(after: number): boolean;
  /** Seqs or messages remembered one by one (held, or seen above a gap): what must stay bounded. */
  readonly remembered: number;
}
