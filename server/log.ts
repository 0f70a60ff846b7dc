/**
 * The sequencer's log: every stamped message, appended before anyone sees
 * it. A record is broadcast and acknowledged only once the log calls its
 * `durable` callback, so a crash can lose nothing a worker was told about.
 */

import type { Clock } from "../shared/clock.ts";
import type { OrderDigest } from "../shared/digest.ts";
import type { Random } from "../shared/random.ts";
import { PrefixDigests } from "./prefix-digests.ts";
import { type FrameRun, RecentFrames } from "./recent-frames.ts";

/** One stamped message as the log keeps it: the wire fields plus the sender's cid. */
export interface LogRecord {
  readonly seq: number;
  readonly from: number;
  readonly cid: string;
  readonly n: number;
  readonly data: string;
  readonly time: number;
}

/**
 * Records are read back in runs aligned to this many seqs: the file log keeps one file offset
 * per run, and catch-up sends one run per chunk, so each chunk costs one read.
 */
export const LOG_STRIDE = 256;

/** What the log knows of one sender: its worker id and its last send number logged. */
export interface SenderState {
  readonly from: number;
  readonly n: number;
}

/** What a sequencer starting on a log finds there (all it needs besides the records themselves). */
export interface Recovered {
  /** The seq of the last durable record (0 for an empty log). */
  readonly lastSeq: number;
  /** Every sender in the log, by cid. */
  readonly senders: ReadonlyMap<string, SenderState>;
}

export interface SequencerLog {
  /** Names this run of the log; a reset starts a new one. */
  readonly epoch: string;
  /** What the log holds durably now, as a sequencer (re)starting on it sees it. */
  readonly recovered: Recovered;
  /** Appends a record; `durable` runs once it would survive a crash, in append order. */
  append(record: LogRecord, durable: () => void): void;
  /**
   * The durable records with seqs from..to, in seq order; seqs past the last durable one are
   * left out. Recent records come from memory, older ones (a file log's) from disk.
   */
  read(from: number, to: number): LogRecord[];
  /**
   * The ready-built `batch` frames of the aligned run of durable seqs that starts at `first`
   * (recent-frames.ts), if they are kept and the run ends by `through`; else undefined.
   */
  batchRun(first: number, through: number): FrameRun | undefined;
  /** The order digest of durable seqs 1..through, as a worker that delivered them has it. */
  digest(through: number): OrderDigest;
  /** Empties the log and starts a new epoch; returns it. Appends not yet durable never call back. */
  reset(): string;
  /** Worker ids up to this one may have been handed out: after a restart, new ids start above it. */
  readonly idsReserved: number;
  /** Durably raises `idsReserved` before ids up to `upTo` are handed out, so none is ever reused. */
  reserveIds(upTo: number): void;
  /** Waits for pending writes, then closes the log's files (nothing for a log in memory). */
  close(): Promise<void>;
}

/** What every log keeps of its durable records besides the records: bounded by senders, not records. */
export class DurableSummary implements Recovered {
  lastSeq = 0;
  readonly senders = new Map<string, { from: number; n: number }>();
  readonly digests = new PrefixDigests();

  /** The next durable record, in seq order. */
  add(record: LogRecord): void {
    this.lastSeq = record.seq;
    const sender = this.senders.get(record.cid);
    if (sender) {
      sender.from = record.from;
      sender.n = record.n;
    } else this.senders.set(record.cid, { from: record.from, n: record.n });
    this.digests.add(record.seq, record.data);
  }

  reset(): void {
    this.lastSeq = 0;
    this.senders.clear();
    this.digests.reset();
  }
}

/** A fresh epoch name: 16 hex digits. */
export function newEpoch(random: Random): string {
  const part = () =>
    Math.floor(random.next() * 2 ** 32)
      .toString(16)
      .padStart(8, "0");
  return part() + part();
}

/**
 * A log in memory (`--memory`, and simulations): it keeps every record, so its
 * memory grows with the run (about 200 bytes a message); long runs belong in
 * the file log, which keeps only a window in memory. It survives a simulated
 * crash of the room that uses it (records are kept), but not of the process.
 * With a clock and a delay, appends become durable only after that delay,
 * and `crash()` drops those not yet durable, as a power cut would.
 */
export class MemoryLog implements SequencerLog {
  private records: LogRecord[] = [];
  private readonly summary = new DurableSummary();
  // As the file log keeps them, so a room catches up alike on either log.
  private readonly frames = new RecentFrames();
  private generation = 0;
  epoch: string;
  idsReserved = 0;

  constructor(
    private readonly random: Random,
    private readonly durability?: { readonly clock: Clock; readonly delayMs: number },
  ) {
    this.epoch = newEpoch(random);
  }

  get recovered(): Recovered {
    return this.summary;
  }

  append(record: LogRecord, durable: () => void): void {
    if (!this.durability) {
      this.keep(record);
      durable();
      return;
    }
    const generation = this.generation;
    this.durability.clock.after(this.durability.delayMs, () => {
      if (generation !== this.generation) return;
      this.keep(record);
      durable();
    });
  }

  private keep(record: LogRecord): void {
    this.records.push(record);
    this.summary.add(record);
    this.frames.add(record);
  }

  read(from: number, to: number): LogRecord[] {
    return this.records.slice(Math.max(0, from - 1), Math.max(0, to));
  }

  batchRun(first: number, through: number): FrameRun | undefined {
    return this.frames.run(first, through);
  }

  digest(through: number): OrderDigest {
    return this.summary.digests.at(through, (from, to) => this.read(from, to));
  }

  reset(): string {
    this.generation++;
    this.records = [];
    this.summary.reset();
    this.frames.reset();
    this.epoch = newEpoch(this.random);
    return this.epoch;
  }

  reserveIds(upTo: number): void {
    this.idsReserved = Math.max(this.idsReserved, upTo);
  }

  async close(): Promise<void> {}

  /** Forgets appends that are not durable yet: what a crash does. */
  crash(): void {
    this.generation++;
  }
}
