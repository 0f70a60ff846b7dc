import type { Stamped } from "../shared/protocol.ts";

/**
 * The sequencer: it gives each message the next global timestamp (seq,
 * starting at 1), with the sender's id and the server time, and keeps every
 * stamped message so that late joiners receive the whole history. Pure: the
 * clock is passed in.
 */
export class Sequencer {
  private readonly log: Stamped[] = [];

  constructor(private readonly now: () => number) {}

  /** The seq of the last stamped message (0 before any). */
  get lastSeq(): number {
    return this.log.length;
  }

  stamp(from: number, n: number, data: string): Stamped {
    const stamped: Stamped = { type: "stamped", seq: this.log.length + 1, from, n, data, time: this.now() };
    this.log.push(stamped);
    return stamped;
  }

  /** The stamped messages with seq greater than `after`, in order. */
  history(after: number): readonly Stamped[] {
    return this.log.slice(Math.max(0, after));
  }
}
