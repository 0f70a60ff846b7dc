/**
 * The durable log on disk: `DIR/sequencer.log`, one line per record,
 * `CRC32 JSON\n`, after a header line naming the epoch. Appends are group
 * committed: everything appended while a commit is on disk goes out together,
 * in one write and one fdatasync, then every record's `durable` callback runs.
 * On open, a torn or corrupt tail (a crash mid-write) is detected by its CRC or
 * its missing newline, reported, and cut off; seqs are never reused.
 *
 * Memory stays bounded however long a room runs: only the newest records (the
 * window) stay in memory, with one file offset kept every INDEX_STRIDE records.
 * An older record is read back from the file when a late joiner or a NACK asks
 * for it. Opening reads the file in chunks, never whole. The recent history
 * is also kept as ready-built catch-up frames (recent-frames.ts), bounded by
 * their size, so a late joiner is mostly served without reading the file.
 */
import { closeSync, existsSync, fstatSync, ftruncateSync, openSync, readSync } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { join } from "node:path";
import type { Clock } from "../shared/clock.ts";
import type { OrderDigest } from "../shared/digest.ts";
import type { Random } from "../shared/random.ts";
import { realClock } from "./clock.ts";
import { DurableSummary, LOG_STRIDE, type LogRecord, newEpoch, type Recovered, type SequencerLog } from "./log.ts";
import { LogFolder } from "./log-folder.ts";
import { logLine, readRecordLine, scan, writeHeaderFile } from "./log-lines.ts";
import { DEFAULT_WINDOW, RecordWindow, type WindowLimits } from "./log-window.ts";
import { type FrameRun, RecentFrames } from "./recent-frames.ts";

export { DEFAULT_WINDOW, type WindowLimits } from "./log-window.ts";

const FILE = "sequencer.log";

/** One file offset is kept per this many records: 8 bytes per 256 records, 31 KB a million. */
const INDEX_STRIDE = LOG_STRIDE;

interface Pending {
  readonly record: LogRecord;
  readonly text: string;
  readonly durable: () => void;
  readonly generation: number;
}

export class FileLog implements SequencerLog {
  private pending: Pending[] = [];
  private writing: Promise<void> = Promise.resolve();
  private scheduled = false;
  private generation = 0;
  private file: FileHandle | null = null;
  // The generation whose header the file holds now.
  private fileGeneration = 0;
  // For reading older records back; the writer appends through `file`.
  private readFd: number | null = null;
  private readonly window: RecordWindow;
  private readonly frames: RecentFrames;
  // index[k]: the file offset of the line of seq k·INDEX_STRIDE + 1.
  private index: number[] = [];
  // Bytes of the file holding the header and the durable records.
  private size = 0;
  private readonly summary = new DurableSummary();
  epoch = "";

  private constructor(
    private readonly folder: LogFolder,
    private readonly path: string,
    private readonly random: Random,
    private readonly onFatal: (error: Error) => void,
    limits: WindowLimits,
    private readonly clock: Clock,
  ) {
    this.window = new RecordWindow(limits);
    this.frames = new RecentFrames(limits.frameChars);
  }

  get idsReserved(): number {
    return this.folder.idsReserved;
  }

  /**
   * Opens the log in `dir`, recovering what it holds; a torn tail is cut off
   * and reported through `report`. An existing folder is locked now
   * (LogLockedError if another server or room writes it); a new one is made,
   * and locked, only with the first record. Throws what the disk throws
   * (EMFILE, EACCES…): the caller refuses the room, the server stays up.
   */
  static open(
    dir: string,
    random: Random,
    report: (line: string) => void,
    onFatal: (error: Error) => void,
    limits: WindowLimits = DEFAULT_WINDOW,
    /** Runs the group commit after the work in hand. */
    clock: Clock = realClock,
  ): FileLog {
    const folder = LogFolder.open(dir, report);
    const log = new FileLog(folder, join(dir, FILE), random, onFatal, limits, clock);
    log.epoch = newEpoch(random);
    if (!folder.exists) return log;
    try {
      log.recover(report);
    } catch (error) {
      folder.release();
      throw error;
    }
    return log;
  }

  /** Reads back what the existing folder's log holds, or starts it with a header. */
  private recover(report: (line: string) => void): void {
    const path = this.path;
    if (existsSync(path)) {
      const fd = openSync(path, "r+");
      try {
        const found = scan(
          (buffer, position) => readSync(fd, buffer, 0, buffer.length, position),
          (record, offset) => this.keep(record, offset),
        );
        const dropped = fstatSync(fd).size - found.validBytes;
        if (found.epoch !== null) {
          if (dropped > 0) {
            report(`Log ${path}: dropped a torn or corrupt tail of ${dropped} bytes after seq ${this.summary.lastSeq}.`);
            ftruncateSync(fd, found.validBytes);
          }
          this.epoch = found.epoch;
          this.size = found.validBytes;
          return;
        }
        if (dropped > 0) report(`Log ${path}: no valid header; starting a new log.`);
      } finally {
        closeSync(fd);
      }
    }
    this.size = writeHeaderFile(path, this.epoch, "w");
  }

  get recovered(): Recovered {
    return this.summary;
  }

  /** How many records are in memory now (at most the window's limit). */
  get inMemory(): number {
    return this.window.size;
  }

  /** A durable record, whose line starts at `offset`: indexed, kept in the window and the frames, summarised. */
  private keep(record: LogRecord, offset: number): void {
    if ((record.seq - 1) % INDEX_STRIDE === 0) this.index.push(offset);
    this.window.add(record);
    this.frames.add(record);
    this.summary.add(record);
  }

  read(from: number, to: number): LogRecord[] {
    const last = this.summary.lastSeq;
    const end = Math.min(to, last);
    const start = Math.max(1, from);
    if (start > end) return [];
    const first = this.window.first;
    const records = start < first ? this.readFile(start, Math.min(end, first - 1)) : [];
    for (let seq = Math.max(start, first); seq <= end; seq++) {
      const record = this.window.get(seq);
      if (record) records.push(record);
    }
    return records;
  }

  batchRun(first: number, through: number): FrameRun | undefined {
    return this.frames.run(first, through);
  }

  /** Durable records from..to read back from the file: from the indexed line at or before `from`. */
  private readFile(from: number, to: number): LogRecord[] {
    const stride = Math.floor((from - 1) / INDEX_STRIDE);
    const start = this.index[stride] ?? this.size;
    const end = this.index[Math.floor((to - 1) / INDEX_STRIDE) + 1] ?? this.size;
    this.readFd ??= openSync(this.path, "r");
    const bytes = Buffer.allocUnsafe(end - start);
    for (let got = 0; got < bytes.length; ) {
      const n = readSync(this.readFd, bytes, got, bytes.length - got, start + got);
      if (n === 0) break;
      got += n;
    }
    const records: LogRecord[] = [];
    let seq = stride * INDEX_STRIDE + 1;
    // Decoded once: each line is a slice of one string, not a string decoded on its own.
    const text = bytes.toString("utf8");
    for (let at = 0; at < text.length && seq <= to; seq++) {
      const newline = text.indexOf("\n", at);
      const record = newline < 0 ? null : readRecordLine(text.slice(at, newline), seq);
      if (!record) {
        this.onFatal(new Error(`${this.path} changed under the server: seq ${seq} cannot be read back`));
        return records;
      }
      if (seq >= from) records.push(record);
      at = newline + 1;
    }
    return records;
  }

  digest(through: number): OrderDigest {
    return this.summary.digests.at(through, (from, to) => this.read(from, to));
  }

  reserveIds(upTo: number): void {
    this.folder.reserveIds(upTo);
  }

  append(record: LogRecord, durable: () => void): void {
    this.pending.push({ record, text: logLine(record), durable, generation: this.generation });
    if (this.scheduled) return;
    this.scheduled = true;
    // Group commit: what is appended while a commit is on disk waits for it, then goes out
    // together, in one write and one fdatasync: the busier the log, the larger the batches.
    this.clock.after(0, () => {
      this.writing = this.writing.then(() => this.drain()).catch((error: Error) => this.onFatal(error));
    });
  }

  private async drain(): Promise<void> {
    this.scheduled = false;
    // Only records of the epoch whose header is on disk are written: a reset's new records wait
    // for its header, or the header's truncation would wipe records already confirmed.
    while (this.pending.some((entry) => entry.generation === this.fileGeneration)) {
      const batch = this.pending.filter((entry) => entry.generation === this.fileGeneration);
      this.pending = this.pending.filter((entry) => entry.generation !== this.fileGeneration);
      await this.commit(batch);
    }
  }

  private async commit(batch: Pending[]): Promise<void> {
    const generation = this.generation;
    const current = batch.filter((entry) => entry.generation === generation && entry.generation === this.fileGeneration);
    if (current.length === 0) return;
    if (!this.folder.exists) {
      // The room's first record: its folder is made now, not when the room was opened.
      try {
        this.folder.create();
        // "wx": a log some other server left here meanwhile is never overwritten.
        this.size = writeHeaderFile(this.path, this.epoch, "wx");
      } catch (error) {
        this.folder.release();
        throw error;
      }
    }
    this.file ??= await open(this.path, "a");
    await this.file.write(current.map((entry) => entry.text).join(""));
    await this.file.datasync();
    // A reset while this was on disk: its header wipes these records, so nothing is confirmed.
    if (generation !== this.generation) return;
    for (const entry of current) {
      this.keep(entry.record, this.size);
      this.size += Buffer.byteLength(entry.text);
    }
    // A callback may reset the log: the rest of the batch then belongs to the old epoch.
    for (const entry of current) if (generation === this.generation) entry.durable();
  }

  reset(): string {
    const generation = ++this.generation;
    this.pending = [];
    this.window.reset();
    this.frames.reset();
    this.index = [];
    this.summary.reset();
    this.epoch = newEpoch(this.random);
    const epoch = this.epoch;
    this.writing = this.writing
      .then(async () => {
        await this.file?.close();
        this.file = null;
        // A room that never wrote a record still has no folder: its first record writes the header.
        if (this.folder.exists) this.size = writeHeaderFile(this.path, epoch, "w");
        this.fileGeneration = generation;
        await this.drain();
      })
      .catch((error: Error) => this.onFatal(error));
    return epoch;
  }

  /** Waits for pending writes, then closes the files and gives the folder's lock up. */
  async close(): Promise<void> {
    await this.flushed();
    await this.file?.close();
    this.file = null;
    if (this.readFd !== null) closeSync(this.readFd);
    this.readFd = null;
    this.folder.release();
  }

  /** Resolves once everything appended so far is on disk. */
  flushed(): Promise<void> {
    return new Promise((resolve) => this.clock.after(0, () => this.writing.then(resolve)));
  }
}
