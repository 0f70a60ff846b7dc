/**
 * An ordering is a delivery policy: given what arrived, what can be delivered
 * now, and what is held back and why. The tab, the CLI worker and the server's
 * mirrors run the same policy objects, so they deliver alike. Each mode is one
 * file beside this one, listed in modes.ts. Pure: no clock, no I/O.
 *
 * How the modes still to come fit (each one new file plus its name in the
 * protocol's mode list and in modes.ts):
 * - FIFO: per sender `from`, the next `n` it expects; a message whose `n` is
 *   higher is held ("waiting for worker 2's send 4"). Duplicates by seq (see
 *   seen-seqs.ts). `prefixThrough` gives 0, like "none": a FIFO order is not
 *   the sequencer's, so the resume point is 0 and repeats are dropped.
 * - Causal: each message carries its sender's vector clock (a new field of
 *   `stamped`, so `T` grows by it); deliverable once, for every sender, this
 *   worker has delivered what the message depends on. Held ones say which
 *   sender's send they wait for.
 * - Total by Lamport timestamps: messages carry (lamport, from); one is
 *   delivered once it is the lowest held and every sender has been heard from
 *   with a later timestamp. Held ones say "waiting to hear from worker 3".
 * None of these repairs gaps by seq, and none delivers a prefix of the
 * sequencer's order, so each answers `repairsGaps: false`, `prefixThrough: 0`.
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
