/**
 * A log's recent history as ready-built catch-up frames. Reading a record
 * back from the log file (CRC, parse) and batching it cost several times what
 * sending it does, and a late joiner in a busy room asks for the same history
 * as every joiner before it; so each aligned run of FRAME_RUN durable seqs is
 * built into `batch` frames once, when its last record becomes durable, and
 * catch-up sends those frames as they are. Memory is bounded by the frames'
 * characters: the oldest runs go first, and the file log's older history is
 * read back from its file as before.
 */
import { buildBatch, MAX_BATCH_RECORDS, type StampedFields } from "../shared/protocol.ts";

/** Seqs per run: seqs k·FRAME_RUN + 1 … (k + 1)·FRAME_RUN, as catch-up reads them. */
export const FRAME_RUN = MAX_BATCH_RECORDS;

/**
 * 32 Mi characters of frames: about 1.4 million records of 9-digit data
 * (23 characters each in a frame), or 16,000 of the longest (1,000 escaped
 * characters each). The run being filled adds up to FRAME_RUN - 1 records.
 */
export const DEFAULT_FRAME_CHARS = 32 << 20;

/** One run of seqs, first…last, as the `batch` frames buildBatch makes of it. */
export interface FrameRun {
  readonly first: number;
  readonly last: number;
  readonly frames: readonly string[];
}

/** The frames of `records` (consecutive seqs), as catch-up builds them. */
export function batchFrames(records: readonly StampedFields[]): string[] {
  const frames: string[] = [];
  for (let at = 0; at < records.length; ) {
    const { frame, count } = buildBatch(records, at);
    frames.push(frame);
    at += count;
  }
  return frames;
}

const charsOf = (run: FrameRun) => run.frames.reduce((sum, frame) => sum + frame.length, 0);

export class RecentFrames {
  // runs[head…] are kept, oldest first, with no gap between them.
  private runs: (FrameRun | undefined)[] = [];
  private head = 0;
  private charsKept = 0;
  // The records of the run being filled.
  private open: StampedFields[] = [];

  /** Keeps at most `limit` characters of frames (0 keeps none). */
  constructor(private readonly limit = DEFAULT_FRAME_CHARS) {}

  /** The characters of frames kept now. */
  get chars(): number {
    return this.charsKept;
  }

  /** The next durable record, in seq order. */
  add(record: StampedFields): void {
    const expected = this.open.length > 0 ? (this.open.at(-1) as StampedFields).seq + 1 : record.seq;
    // A run starts on its boundary and has no holes; anything else is not kept (a log appends 1, 2, 3…).
    if (record.seq !== expected || (this.open.length === 0 && (record.seq - 1) % FRAME_RUN !== 0)) {
      this.open = [];
      return;
    }
    this.open.push(record);
    if (record.seq % FRAME_RUN !== 0) return;
    const run: FrameRun = { first: record.seq - FRAME_RUN + 1, last: record.seq, frames: batchFrames(this.open) };
    this.open = [];
    const last = this.runs.at(-1);
    if (this.head < this.runs.length && last && last.last + 1 !== run.first) this.reset();
    this.runs.push(run);
    this.charsKept += charsOf(run);
    while (this.charsKept > this.limit && this.head < this.runs.length) {
      this.charsKept -= charsOf(this.runs[this.head] as FrameRun);
      this.runs[this.head++] = undefined;
    }
    if (this.head >= 64 && this.head * 2 >= this.runs.length) {
      this.runs = this.runs.slice(this.head);
      this.head = 0;
    }
  }

  /** The kept run that starts at `first` and ends by `through`; undefined when there is none. */
  run(first: number, through: number): FrameRun | undefined {
    const oldest = this.runs[this.head];
    if (!oldest || (first - 1) % FRAME_RUN !== 0) return undefined;
    const run = this.runs[this.head + (first - oldest.first) / FRAME_RUN];
    return run && run.first === first && run.last <= through ? run : undefined;
  }

  /** Forgets everything: the log starts a new epoch at seq 1. */
  reset(): void {
    this.runs = [];
    this.head = 0;
    this.charsKept = 0;
    this.open = [];
  }
}
