import type { LogRecord } from "./log.ts";

/**
 * The sequencer: it gives each message the next global timestamp (seq,
 * starting at 1), with the sender's id and the server time. The records
 * themselves live in the log; a record counts as sequenced for the outside
 * world only once the log has made it durable. Pure.
 */
export class Sequencer {
  private last: number;
  private durable: number;

  constructor(
    private readonly now: () => number,
    /** The last seq already in the log. */
    through = 0,
  ) {
    this.last = through;
    this.durable = through;
  }

  /** The seq of the last stamped message (0 before any), durable or not. */
  get lastSeq(): number {
    return this.last;
  }

  /** The seq of the last durable message: what workers may know of. */
  get durableSeq(): number {
    return this.durable;
  }

  stamp(from: number, cid: string, n: number, data: string): LogRecord {
    this.last++;
    return { seq: this.last, from, cid, n, data, time: this.now() };
  }

  markDurable(seq: number): void {
    this.durable = Math.max(this.durable, seq);
  }
}
