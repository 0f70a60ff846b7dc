/**
 * One writer per log folder: a lock file (`DIR/lock`, holding the writer's
 * pid) created with O_EXCL. A second server on the same --data, or a second
 * room on the same folder in one server, is refused. A lock whose process is
 * gone (a crash, a kill -9) is taken over, with a warning.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";

const LOCK_FILE = "lock";

/** The folder's log is being written by someone else. */
export class LogLockedError extends Error {
  readonly code = "LOG_LOCKED";
}

export class LogLock {
  private held = true;

  private constructor(private readonly path: string) {}

  /** Takes the lock of `dir` (which must exist), or throws LogLockedError. */
  static take(dir: string, warn: (line: string) => void): LogLock {
    const path = join(dir, LOCK_FILE);
    for (let attempt = 0; ; attempt++) {
      try {
        const fd = openSync(path, "wx");
        writeSync(fd, `${process.pid}\n`);
        closeSync(fd);
        return new LogLock(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) throw error;
      }
      const pid = holder(path);
      if (pid !== null && pid === process.pid) throw new LogLockedError(`${dir} is already open in this server`);
      if (pid !== null && alive(pid)) {
        throw new LogLockedError(`${dir} is in use by another server (pid ${pid}); give each server its own --data`);
      }
      warn(`Log ${dir}: taking over the lock of process ${pid ?? "(unreadable)"}, which is gone.`);
      try {
        unlinkSync(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      }
    }
  }

  /** Gives the lock up (once); the folder may then be opened again. */
  release(): void {
    if (!this.held) return;
    this.held = false;
    try {
      unlinkSync(this.path);
    } catch {
      // Already gone: nothing to give up.
    }
  }
}

function holder(path: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(path, "utf8"), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
