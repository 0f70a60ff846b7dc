/**
 * The file log's window: its newest durable records in memory, up to a
 * number of records and of characters of data, so recent history (live NACKs,
 * a resume after a short drop) is never read back from the file.
 */
import type { LogRecord } from "./log.ts";

/** How much of the log stays in memory: the newest records, up to both limits. */
export interface WindowLimits {
  readonly records: number;
  /** Characters of data, summed over the records. */
  readonly chars: number;
  /** Characters of ready-built catch-up frames (recent-frames.ts); DEFAULT_FRAME_CHARS when not given. */
  readonly frameChars?: number;
}

/** 10,000 records, and at most 4 Mi characters of data: about 6 MB at most. */
export const DEFAULT_WINDOW: WindowLimits = { records: 10_000, chars: 4 << 20 };

export class RecordWindow {
  // records[head…] hold the newest seqs, up to `last`.
  private records: (LogRecord | undefined)[] = [];
  private head = 0;
  private chars = 0;
  private last = 0;

  constructor(private readonly limits: WindowLimits) {}

  /** How many records are in memory now (at most the window's limit). */
  get size(): number {
    return this.records.length - this.head;
  }

  /** The oldest seq in memory (one past the newest when there is none). */
  get first(): number {
    return this.last - this.size + 1;
  }

  /** The next durable record, in seq order; the oldest go once a limit is passed. */
  add(record: LogRecord): void {
    this.records.push(record);
    this.last = record.seq;
    this.chars += record.data.length;
    while (this.size > this.limits.records || (this.chars > this.limits.chars && this.size > 1)) {
      this.chars -= this.records[this.head]?.data.length ?? 0;
      this.records[this.head++] = undefined;
    }
    if (this.head >= 1024 && this.head * 2 >= this.records.length) {
      this.records = this.records.slice(this.head);
      this.head = 0;
    }
  }

  /** The record of `seq`, if it is in memory. */
  get(seq: number): LogRecord | undefined {
    return seq >= this.first ? this.records[this.head + seq - this.first] : undefined;
  }

  /** Forgets every record: the log starts a new epoch. */
  reset(): void {
    this.records = [];
    this.head = 0;
    this.chars = 0;
    this.last = 0;
  }
}
