/**
 * What a worker records: one event per send, resend, arrival, delivery and
 * NACK, how each becomes a line of the seed's log format, and whether the
 * core keeps them. Types and pure functions; the worker core (worker-core.ts) produces them.
 */
import type { Stamped } from "./protocol.ts";
import { deliveredLine, processIdLine, queuedLine, sentLine } from "./seed-format.ts";

/** What a core keeps of what happened. */
export interface WorkerCoreOptions {
  /**
   * True (the default): the event log and the delivered messages, for `events`, `delivered`,
   * `orderDigest` and `seedLog()` (a tab shows and exports them). False: neither, and those
   * throw; the caller takes each event as a method returns it (a CLI worker prints it). A
   * catch-up of a million messages then leaves no objects alive for the GC to copy.
   */
  readonly retain?: boolean;
}

/** A stamped message as the worker keeps it. */
export type StampedMessage = Omit<Stamped, "type">;

/** One entry of the worker's event log. `time` is the worker's clock. */
export type WorkerEvent =
  | { readonly kind: "joined"; readonly workerId: number; readonly time: number }
  | { readonly kind: "sent"; readonly n: number; readonly data: string; readonly time: number }
  | { readonly kind: "resent"; readonly n: number; readonly data: string; readonly time: number }
  | {
      readonly kind: "queued";
      readonly message: StampedMessage;
      readonly waitingFor: number;
      readonly repaired: boolean;
      readonly time: number;
    }
  | { readonly kind: "delivered"; readonly message: StampedMessage; readonly repaired: boolean; readonly time: number }
  | { readonly kind: "duplicate"; readonly message: StampedMessage; readonly time: number }
  | { readonly kind: "nack"; readonly from: number; readonly to: number; readonly time: number };

/** An event as a line of the seed's format; events the seed did not have give none. */
export function seedLine(event: WorkerEvent): string | null {
  if (event.kind === "joined") return processIdLine(event.workerId);
  if (event.kind === "sent") return sentLine(event.data);
  if (event.kind === "queued") return queuedLine(event.message.seq, event.message.data);
  if (event.kind === "delivered") return deliveredLine(event.message.seq, event.message.data);
  return null;
}

/** Events in the seed's format, one line per event, each ending in "\n". */
export function seedLogOf(events: readonly WorkerEvent[]): string {
  let text = "";
  for (const event of events) {
    const line = seedLine(event);
    if (line !== null) text += `${line}\n`;
  }
  return text;
}

/** `kept`, or an error naming `what` when the core was made not to retain it. */
export function retained<T>(kept: T | null, what: string): T {
  if (kept === null) throw new Error(`this worker core retains no ${what} (it was made with retain: false)`);
  return kept;
}
