/**
 * Catch-up: a joining or resuming worker gets the history it missed straight
 * from the log, a run of the log at a time and only while its connection
 * drains, so a long history never stalls the server nor floods one socket. A
 * worker that accepts batches gets each run as `batch` frames; any other as
 * one `stamped` frame per record (protocol version 1 as it was first written).
 * Batches of runs the log keeps ready-built (recent-frames.ts) go out as they
 * are, unless each record sent must be observed (a board's mirrors).
 */

import type { Clock } from "../../shared/clock.ts";
import { buildBatch, MAX_BATCH_RECORDS, stampedFrame } from "../../shared/protocol.ts";
import { LOG_STRIDE, type LogRecord, type SequencerLog } from "../log.ts";
import { FRAME_RUN } from "../recent-frames.ts";
import type { Member } from "./types.ts";

/** Catch-up reads the log in runs that end on its index stride (one file read each): this many per-record frames… */
export const CATCH_UP_CHUNK = LOG_STRIDE;
/** …or up to this many records as batches (ending on a multiple of FRAME_RUN, where the log's ready-built runs start)… */
export const CATCH_UP_BATCH_RUN = MAX_BATCH_RECORDS;
/** …each only while less than this many bytes wait to be sent to the worker. */
export const CATCH_UP_HIGH_WATER = 1 << 20;

export interface CatchUpDeps {
  readonly log: SequencerLog;
  readonly clock: Clock;
  /** Each record sent, for the worker's mirror. */
  readonly sent: (member: Member, record: LogRecord) => void;
  /** Whether `sent` needs each record now; when not, ready-built batches are sent as they are. */
  readonly observing: () => boolean;
  /** How the history goes: `batch` frames (the worker's hello accepts them), or one `stamped` frame per record. */
  readonly framing?: CatchUpFraming;
}

export type CatchUpFraming = "batches" | "per-record";

/** The end of the run that starts at `next`: at most `size` records, ending on a multiple of `stride` where it can. */
function runEnd(next: number, size: number, stride: number, through: number): number {
  const aligned = Math.floor((next - 1 + size) / stride) * stride;
  return Math.min(through, aligned >= next ? aligned : next - 1 + size);
}

/**
 * Sends `member` seqs `from`..`through`, straight to its socket (history is
 * not simulated as in flight). One run of the log a turn; the next turn comes
 * at once while the socket drains, and 1 ms later while it is full.
 */
export function catchUp(member: Member, from: number, through: number, deps: CatchUpDeps): void {
  const framing = deps.framing ?? "per-record";
  let next = from;
  // Records read and not yet sent: a run of batches can outgrow the socket's high water.
  let pending: LogRecord[] = [];
  let at = 0;
  // Ready-built frames not yet sent.
  let frames: readonly string[] = [];
  let frameAt = 0;
  const room = () => (member.socket.bufferedAmount?.() ?? 0) < CATCH_UP_HIGH_WATER;
  const pump = () => {
    if (!member.connected) return;
    if (at >= pending.length && frameAt >= frames.length && next <= through && room()) {
      const built = framing === "batches" && !deps.observing() ? deps.log.batchRun(next, through) : undefined;
      if (built) {
        frames = built.frames;
        frameAt = 0;
        next = built.last + 1;
      } else {
        // Recent records come from the log's window in memory, older ones from its file.
        const end =
          framing === "batches" ? runEnd(next, CATCH_UP_BATCH_RUN, FRAME_RUN, through) : runEnd(next, CATCH_UP_CHUNK, LOG_STRIDE, through);
        pending = deps.log.read(next, end);
        at = 0;
        next = end + 1;
      }
    }
    while (frameAt < frames.length && room()) member.socket.send(frames[frameAt++] as string);
    while (at < pending.length && room()) {
      if (framing === "batches") {
        const { frame, count } = buildBatch(pending, at);
        member.socket.send(frame);
        for (let i = at; i < at + count; i++) deps.sent(member, pending[i] as LogRecord);
        at += count;
      } else {
        const record = pending[at++] as LogRecord;
        member.socket.send(stampedFrame(record));
        deps.sent(member, record);
      }
    }
    if (at >= pending.length && frameAt >= frames.length && next > through) return;
    // Yield between runs: at once (after I/O) while the socket drains, else wait for it.
    deps.clock.after(room() ? 0 : 1, pump);
  };
  pump();
}
