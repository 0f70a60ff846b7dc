/**
 * Live messages in runs. A worker whose hello accepts batches gets the
 * stamped messages that reach it in one task of the server with consecutive
 * seqs as one `batch` frame instead of one `stamped` frame each (PROTOCOL.md
 * section 4.14): those stamped together on the fast path, those that land
 * together (a tick of the flight wheel, a network resumed), and a NACK's
 * resends. On the fast path a room at 1,000 messages a second lands about ten
 * on every worker at a time, so a tab gets about a tenth of the WebSocket
 * messages, each of which costs its main thread a task of its own (README,
 * Performance). With the simulated network on, messages land out of order and
 * most runs are one message long: such a run goes as its own `stamped` frame.
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

/** Runs kept per generation: a run is shared by the workers that send it at the end of one task. */
const RUNS_KEPT = 256;

/**
 * A room's live runs: the sockets of its workers that read batches, and the
 * batch frames built lately, shared by every worker that gets the same run so
 * that a run sent to 300 workers is serialised once. A run is named by its
 * first record (the object itself: every worker's link carries the same one)
 * and its length. Two generations, as the outbox keeps frames: when the newer
 * is full, the older goes.
 */
export class LiveRuns {
  private built = new Map<LogRecord, Map<number, Built>>();
  private older = new Map<LogRecord, Map<number, Built>>();

  /** `atTaskEnd`: runs a function when the task in hand ends (server/clock.ts). */
  constructor(readonly atTaskEnd: (then: () => void) => void) {}

  /** `connection` as a worker that reads batches gets it. */
  socket(connection: WorkerSocket): RunSocket {
    return new RunSocket(connection, this);
  }

  /** The frame for `records` from `start` on: one batch of as many of them as one frame may hold. */
  frame(records: readonly LogRecord[], start: number): Built {
    const first = records[start] as LogRecord;
    const length = records.length - start;
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
      batch = buildBatch(records, start);
      byLength.set(length, batch);
    }
    return batch;
  }
}

/** A worker's socket that sends the consecutive live records of one task as one frame. */
export class RunSocket implements WorkerSocket {
  // The run not sent yet, and each record's own `stamped` frame (for a run of one).
  private pending: LogRecord[] = [];
  private frames: string[] = [];
  private scheduled = false;

  constructor(
    private readonly inner: WorkerSocket,
    private readonly runs: LiveRuns,
  ) {}

  /** A stamped record, with its `stamped` frame: joins the run when its seq follows the run's last. */
  sendRecord(record: LogRecord, frame: string): void {
    const last = this.pending[this.pending.length - 1];
    if (last && record.seq !== last.seq + 1) this.flush();
    this.pending.push(record);
    this.frames.push(frame);
    if (!this.scheduled) {
      this.scheduled = true;
      this.runs.atTaskEnd(() => {
        this.scheduled = false;
        this.flush();
      });
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
    const records = this.pending;
    if (records.length === 0) return;
    const frames = this.frames;
    this.pending = [];
    this.frames = [];
    for (let start = 0; start < records.length; ) {
      if (start === records.length - 1) {
        this.inner.send(frames[start] as string);
        break;
      }
      const { frame, count } = this.runs.frame(records, start);
      this.inner.send(frame);
      start += count;
    }
  }
}
