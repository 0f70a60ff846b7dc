/**
 * A room's log folder (DATA/NAME/): the log file, the reserved worker ids and
 * the lock. A folder that exists is locked at once (its log is recovered at
 * open); a new room's folder is made only when its first record is written,
 * so opening a room, or saying hello in it, leaves nothing on disk.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { LogLock } from "./log-lock.ts";

const IDS_FILE = "worker-ids";

export class LogFolder {
  private lock: LogLock | null = null;
  /** Worker ids reserved: written to the folder once it exists. */
  idsReserved = 0;

  private constructor(
    readonly dir: string,
    private readonly report: (line: string) => void,
  ) {}

  /** The folder `dir`, locked if it exists (LogLockedError if someone else writes it). */
  static open(dir: string, report: (line: string) => void): LogFolder {
    const folder = new LogFolder(dir, report);
    if (existsSync(dir)) {
      folder.lock = LogLock.take(dir, report);
      const ids = join(dir, IDS_FILE);
      folder.idsReserved = existsSync(ids) ? Number.parseInt(readFileSync(ids, "utf8"), 10) || 0 : 0;
    }
    return folder;
  }

  /** Whether the folder is on disk (and locked) yet. */
  get exists(): boolean {
    return this.lock !== null;
  }

  /** Makes the folder and takes its lock, before its first record; reserved ids go with it. */
  create(): void {
    if (this.lock) return;
    mkdirSync(dirname(this.dir), { recursive: true });
    try {
      mkdirSync(this.dir);
    } catch (error) {
      // Made meanwhile by another server: the lock decides who writes it.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    this.lock = LogLock.take(this.dir, this.report);
    if (this.idsReserved > 0) this.reserveIds(this.idsReserved);
  }

  /** Rare (once per thousand new workers), so written at once: a temporary file, fsync, rename. */
  reserveIds(upTo: number): void {
    this.idsReserved = upTo;
    // Before the first record nothing logged names an id: the reservation waits for the folder.
    if (!this.lock) return;
    const ids = join(this.dir, IDS_FILE);
    const temporary = `${ids}.tmp`;
    const fd = openSync(temporary, "w");
    writeSync(fd, `${upTo}\n`);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temporary, ids);
  }

  /** Gives the folder up: another room or server may open it. */
  release(): void {
    this.lock?.release();
    this.lock = null;
  }
}
