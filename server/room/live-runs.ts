/**
 * Live messages in runs. A worker whose hello accepts batches gets the
 * stamped messages that reach it in one task of the server (stamped together
 * on the fast path, or landed together in one tick of the flight wheel) with
 * consecutive seqs as one `batch` frame instead of one `stamped` frame each
 * (PROTOCOL.md section 4.14). On the fast path a room at 1,000 messages a
 * second lands about ten on every worker at a time, so a tab gets about a
 * tenth of the WebSocket messages; in a browser each message costs the main
 * thread a task of its own (a page took about 90 ms a second for 1,000 small
 * frames, about 35 for the same records in 100). With the simulated network
 * on, messages land out of order and most runs are one message long: such a
 * run goes as its own `stamped` frame, as before.
 *
 * A run is sent when the task in hand ends (a microtask on the real clock,
 * server/clock.ts atTaskEnd), before the outbox writes the turn's frames; and
 * anything else sent to the worker first sends the run before it, so the
 * worker gets every frame in the order the room sent it.
 */
import { buildBatch } from "../../shared/protocol.ts";
import type { LogRecord } from "../log.ts";
import type { WorkerSocket } from "./types.ts";

type Built = { readonly frame: string; readonly count: number };

/** Runs kept per generation: a run is shared by the workers that flush it at the end of one task. */
const RUNS_KEPT = 256;

/**
 * The batch frames built lately, shared by every worker that gets the same
 * run, so that a run sent to 300 workers is serialised once. A run is named
 * by its first record (the object itself: each room's records are its own,
 * and every worker's link carries the same object) and its length. Two
 * generations, as the outbox keeps frames: when the newer is full, the older goes.
 */
class RunFrames {
  private built = new Map<LogRecord, Map<number, Built>>();
  private older = new Map<LogRecord, Map<number, Built>>();

  /** The frame for `run` from `start` on: one batch of as many of its records as one frame may hold. */
  frame(run: readonly LogRecord[], start: number): Built {
    const first = run[start] as LogRecord;
    const length = run.length - start;
    let byLength = this.built.get(first);
    if (!byLength) {
      byLength = this.older.get(first) ?? new Map<number, Built>();
      if (this.built.size >= RUNS_KEPT) {
        this.older = this.built;
        this.built = new Map();
      }
      this.built.set(first, byLength);
    }
    let batch = byLength.get(length);
    if (!batch) {
      batch = buildBatch(run, start);
      byLength.set(length, batch);
    }
    return batch;
  }
}

const shared = new RunFrames();

/** A worker's socket that sends consecutive live records of one turn as one frame. */
export class RunSocket implements WorkerSocket {
  private run: LogRecord[] = [];
  // Each record's own `stamped` frame, for a run of one.
  private frames: string[] = [];
  private scheduled = false;

  constructor(
    private readonly inner: WorkerSocket,
    /** Runs a function when the task in hand ends (server/clock.ts atTaskEnd). */
    private readonly atTaskEnd: (run: () => void) => void,
  ) {}

  /** A stamped record, with its `stamped` frame: joins the run when its seq follows the run's last. */
  sendRecord(record: LogRecord, frame: string): void {
    const last = this.run[this.run.length - 1];
    if (last && record.seq !== last.seq + 1) this.flush();
    this.run.push(record);
    this.frames.push(frame);
    if (!this.scheduled) {
      this.scheduled = true;
      this.atTaskEnd(() => this.flush());
    }
  }

  send(frame: string): void {
    this.flush();
    this.inner.send(frame);
  }

  close(code: number, reason: string): void {
    this.flush();
    this.inner.close(code, reason);
  }

  bufferedAmount(): number {
    return this.inner.bufferedAmount?.() ?? 0;
  }

  private flush(): void {
    this.scheduled = false;
    const run = this.run;
    if (run.length === 0) return;
    const frames = this.frames;
    this.run = [];
    this.frames = [];
    for (let start = 0; start < run.length; ) {
      if (start === run.length - 1) {
        this.inner.send(frames[start] as string);
        break;
      }
      const { frame, count } = shared.frame(run, start);
      this.inner.send(frame);
      start += count;
    }
  }
}
