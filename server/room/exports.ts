/**
 * Run exports: the whole run as JSON lines, and one worker's log in the
 * seed's format, from what the board feed's mirrors recorded (no cids: they
 * are credentials).
 */
import { deliveredLine, processIdLine, queuedLine, sentLine } from "../../shared/seed-format.ts";
import type { MirrorHistory } from "../mirror.ts";

/** A worker's recorded history. */
export interface WorkerHistory {
  readonly id: number;
  readonly history: MirrorHistory;
}

/** What heads a run export. */
export interface RunHeader {
  readonly room: string;
  readonly epoch: string;
  readonly mode: string;
  readonly lastSeq: number;
}

/** The run as JSON lines: a header, then every worker's events. Yields a chunk per worker, to be streamed. */
export function* runLines(header: RunHeader, workers: readonly WorkerHistory[]): Generator<string> {
  yield `${JSON.stringify(header)}\n`;
  for (const { id, history } of workers) {
    let chunk = "";
    for (const e of history.events) {
      chunk += `${JSON.stringify({ worker: id, event: e.kind, seq: e.seq, n: e.n, data: e.data, time: e.time })}\n`;
    }
    // Memory for exports is bounded: say so where a worker's record stops short.
    if (history.dropped > 0) chunk += `${JSON.stringify({ worker: id, event: "cut", dropped: history.dropped })}\n`;
    yield chunk;
  }
}

/** One worker's log in the seed's format, or null for a worker not among `workers`. */
export function seedLog(workers: readonly WorkerHistory[], workerId: number): string | null {
  const worker = workers.find((w) => w.id === workerId);
  if (!worker) return null;
  const lines = [processIdLine(workerId)];
  for (const e of worker.history.events) {
    lines.push(e.kind === "sent" ? sentLine(e.data) : e.kind === "queued" ? queuedLine(e.seq, e.data) : deliveredLine(e.seq, e.data));
  }
  return `${lines.join("\n")}\n`;
}
