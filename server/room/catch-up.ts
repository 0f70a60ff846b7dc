/**
 * Catch-up: a joining or resuming worker gets the history it missed straight
 * from the log, in chunks, one chunk a turn and only while its connection
 * drains, so a long history never stalls the server nor floods one socket.
 */

import type { Clock } from "../../shared/clock.ts";
import { stampedFrame } from "../../shared/protocol.ts";
import { LOG_STRIDE, type LogRecord, type SequencerLog } from "../log.ts";
import type { Member } from "./types.ts";

/** Catch-up is sent in chunks of this many messages (one run of the log each)… */
export const CATCH_UP_CHUNK = LOG_STRIDE;
/** …each only while less than this many bytes wait to be sent to the worker. */
export const CATCH_UP_HIGH_WATER = 1 << 20;

export interface CatchUpDeps {
  readonly log: SequencerLog;
  readonly clock: Clock;
  /** Each record sent, for the worker's mirror. */
  readonly sent: (member: Member, record: LogRecord) => void;
}

/** Sends `member` seqs `from`..`through`, straight to its socket (history is not simulated as in flight). */
export function catchUp(member: Member, from: number, through: number, deps: CatchUpDeps): void {
  let next = from;
  const pump = () => {
    if (!member.connected) return;
    if ((member.socket.bufferedAmount?.() ?? 0) < CATCH_UP_HIGH_WATER) {
      // Chunks end at multiples of CATCH_UP_CHUNK, the log file's index stride: one read each.
      const end = Math.min(through, Math.ceil(next / CATCH_UP_CHUNK) * CATCH_UP_CHUNK);
      // Recent records come from the log's window in memory, older ones from its file.
      for (const record of deps.log.read(next, end)) {
        member.socket.send(stampedFrame(record));
        deps.sent(member, record);
      }
      next = end + 1;
    }
    // Yield between chunks.
    if (next <= through) deps.clock.after(1, pump);
  };
  pump();
}
