import type { LogRecord } from "./log.ts";

/**
 * The sequencer: it gives each message the next global timestamp (seq,
 * starting at 1), with the sender's id and the server time, and keeps every
 * stamped message so that late joiners and NACKs can be served. A record
 * counts as sequenced for the outside world only once it is durable. Pure.
 */
export class Sequencer {
  private readonly records: LogRecord[];
  private durable: number;

  constructor(
    private readonly now: () => number,
    recovered: readonly LogRecord[] = [],
  ) {
    this.records = [...recovered];
    this.durable = recovered.length;
  }

  /** The seq of the last stamped message (0 before any), durable or not. */
  get lastSeq(): number {
    return this.records.length;
  }

  /** The seq of the last durable message: what workers may know of. */
  get durableSeq(): number {
    return this.durable;
  }

  stamp(from: number, cid: string, n: number, data: string): LogRecord {
    const record: LogRecord = { seq: this.records.length + 1, from, cid, n, data, time: this.now() };
    this.records.push(record);
    return record;
  }

  markDurable(seq: number): void {
    this.durable = Math.max(this.durable, seq);
  }

  /** The record with this seq, if it is durable. */
  record(seq: number): LogRecord | undefined {
    return seq >= 1 && seq <= this.durable ? this.records[seq - 1] : undefined;
  }

  /** The record as a `stamped` frame on the wire (the cid stays in the log). */
  static frame(record: LogRecord): string {
    return JSON.stringify({ type: "stamped", seq: record.seq, from: record.from, n: record.n, data: record.data, time: record.time });
  }
}
