/**
 * The durable log on disk: `DIR/sequencer.log`, one line per record,
 * `CRC32 JSON\n`, after a header line naming the epoch. Appends are group
 * committed: everything appended in one event-loop turn is written with one
 * write and one fdatasync, then every record's `durable` callback runs. On
 * open, a torn or corrupt tail (a crash mid-write) is detected by its CRC or
 * its missing newline, reported, and cut off; seqs are never reused.
 */
import { closeSync, existsSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import type { Random } from "../shared/random.ts";
import { type LogRecord, newEpoch, type SequencerLog } from "./log.ts";

const FILE = "sequencer.log";
const IDS_FILE = "worker-ids";
const FORMAT = 1;

function line(value: unknown): string {
  const json = JSON.stringify(value);
  return `${crc32(json).toString(16).padStart(8, "0")} ${json}\n`;
}

/** What opening found. */
export interface Recovery {
  readonly records: readonly LogRecord[];
  readonly epoch: string | null;
  /** Bytes cut off the end: a torn or corrupt tail. */
  readonly droppedBytes: number;
}

/** Reads a log file's bytes; stops at the first line that is torn, corrupt or out of sequence. Pure. */
export function recover(bytes: Buffer): Recovery & { readonly validBytes: number } {
  const records: LogRecord[] = [];
  let epoch: string | null = null;
  let offset = 0;
  while (offset < bytes.length) {
    const end = bytes.indexOf(10, offset);
    if (end < 0) break;
    const text = bytes.subarray(offset, end).toString("utf8");
    const json = text.slice(9);
    if (text[8] !== " " || Number.parseInt(text.slice(0, 8), 16) !== crc32(json) || !/^[0-9a-f]{8}$/.test(text.slice(0, 8))) break;
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch {
      break;
    }
    if (typeof value !== "object" || value === null) break;
    if (epoch === null) {
      const header = value as { ordercast?: unknown; epoch?: unknown };
      if (header.ordercast !== FORMAT || typeof header.epoch !== "string") break;
      epoch = header.epoch;
    } else {
      const record = value as LogRecord;
      if (record.seq !== records.length + 1) break;
      records.push(record);
    }
    offset = end + 1;
  }
  return { records, epoch, validBytes: offset, droppedBytes: bytes.length - offset };
}

export class FileLog implements SequencerLog {
  private pending: { text: string; durable: () => void; generation: number }[] = [];
  private writing: Promise<void> = Promise.resolve();
  private scheduled = false;
  private generation = 0;
  private file: FileHandle | null = null;
  // The generation whose header the file holds now.
  private fileGeneration = 0;
  idsReserved: number;

  private constructor(
    private readonly path: string,
    private readonly random: Random,
    public epoch: string,
    readonly recovered: readonly LogRecord[],
    private readonly onFatal: (error: Error) => void,
  ) {
    const ids = join(path, "..", IDS_FILE);
    this.idsReserved = existsSync(ids) ? Number.parseInt(readFileSync(ids, "utf8"), 10) || 0 : 0;
  }

  /** Rare (once per thousand new workers), so written at once: a temporary file, fsync, rename. */
  reserveIds(upTo: number): void {
    const ids = join(this.path, "..", IDS_FILE);
    const temporary = `${ids}.tmp`;
    const fd = openSync(temporary, "w");
    writeSync(fd, `${upTo}\n`);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temporary, ids);
    this.idsReserved = upTo;
  }

  /**
   * Opens (or creates) the log in `dir`, recovering what it holds. A torn tail
   * is cut off and reported through `report`.
   */
  static open(dir: string, random: Random, report: (line: string) => void, onFatal: (error: Error) => void): FileLog {
    mkdirSync(dir, { recursive: true });
    const path = join(dir, FILE);
    const found = existsSync(path) ? recover(readFileSync(path)) : null;
    if (found && found.epoch !== null) {
      if (found.droppedBytes > 0) {
        report(`Log ${path}: dropped a torn or corrupt tail of ${found.droppedBytes} bytes after seq ${found.records.length}.`);
        const fd = openSync(path, "r+");
        ftruncateSync(fd, found.validBytes);
        closeSync(fd);
      }
      return new FileLog(path, random, found.epoch, found.records, onFatal);
    }
    if (found && found.droppedBytes > 0) report(`Log ${path}: no valid header; starting a new log.`);
    const epoch = newEpoch(random);
    FileLog.writeHeader(path, epoch);
    return new FileLog(path, random, epoch, [], onFatal);
  }

  private static writeHeader(path: string, epoch: string): void {
    const fd = openSync(path, "w");
    writeSync(fd, line({ ordercast: FORMAT, epoch }));
    closeSync(fd);
  }

  append(record: LogRecord, durable: () => void): void {
    this.pending.push({ text: line(record), durable, generation: this.generation });
    if (this.scheduled) return;
    this.scheduled = true;
    // Group commit: what is appended while a commit is on disk waits for it, then goes out
    // together, in one write and one fdatasync: the busier the log, the larger the batches.
    setImmediate(() => {
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

  private async commit(batch: { text: string; durable: () => void; generation: number }[]): Promise<void> {
    const current = batch.filter((entry) => entry.generation === this.generation && entry.generation === this.fileGeneration);
    if (current.length === 0) return;
    this.file ??= await open(this.path, "a");
    await this.file.write(current.map((entry) => entry.text).join(""));
    await this.file.datasync();
    for (const entry of current) if (entry.generation === this.generation) entry.durable();
  }

  reset(): string {
    const generation = ++this.generation;
    this.pending = [];
    this.epoch = newEpoch(this.random);
    const epoch = this.epoch;
    this.writing = this.writing
      .then(async () => {
        await this.file?.close();
        this.file = null;
        FileLog.writeHeader(this.path, epoch);
        this.fileGeneration = generation;
        await this.drain();
      })
      .catch((error: Error) => this.onFatal(error));
    return epoch;
  }

  /** Waits for pending writes, then closes the file. */
  async close(): Promise<void> {
    await this.flushed();
    await this.file?.close();
    this.file = null;
  }

  /** Resolves once everything appended so far is on disk. */
  flushed(): Promise<void> {
    return new Promise((resolve) => setImmediate(() => this.writing.then(resolve)));
  }
}
