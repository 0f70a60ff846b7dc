/** The CLI worker's flags, checked before it connects. */
import { parseFlags, UsageError, wholeNumber } from "../server/flags.ts";
import { CID_PATTERN } from "../shared/protocol.ts";

export interface WorkerOptions {
  readonly url: string;
  /** How many messages to send; Infinity sends until stopped. */
  readonly count: number;
  readonly interval: number;
  /** Exit once all own messages are delivered, nothing is held or missing, and no stamped message arrived for this long. */
  readonly idleExit: number | null;
  readonly seed: number | null;
  /** The worker's identity; a restarted worker with the same cid continues where it was. */
  readonly cid: string | null;
  /** Where to write the delivery history as JSON lines, for the checker. */
  readonly history: string | null;
  /** Give up when the first connection has not succeeded after this long. */
  readonly connectTimeout: number;
  /** Ask for every message one per frame (catch-up and live), as a worker without batches does. */
  readonly perRecord: boolean;
}

export const USAGE = `Usage: npm run -s worker -- [--url ws://HOST:PORT/ws] [--count N] [--interval MS] [--idle-exit MS]
                              [--seed N] [--cid ID] [--history FILE] [--connect-timeout MS] [--per-record]

  --url URL        the sequencer's WebSocket (default ws://localhost:8080/ws)
  --count N        how many random 9-digit messages to send (default: until stopped)
  --interval MS    mean spacing of the sends; each gap is random in 0.5..1.5 x MS (default 1000)
  --idle-exit MS   exit 0 once all of this worker's messages are delivered, nothing is held
                   back or missing, and no stamped message arrived for MS milliseconds
                   (heads, acks and settings do not count)
  --seed N         seed for the messages and their spacing (default: random)
  --cid ID         this worker's identity (letters, digits, - and _): the sequencer stamps each
                   of its sends exactly once, also across reconnects (default: random)
  --history FILE   also write every sent and delivered message to FILE as JSON lines,
                   for the checker (npm run -s check -- FILE...)
  --connect-timeout MS  give up, exit 1, when the first connection fails for MS (default 5000);
                   once joined, the worker reconnects and resumes for as long as it runs
  --per-record     take every message one per frame, history and live, as a worker that does
                   not accept batches (docs/PROTOCOL.md, section 4.14); slower, for comparison

It prints the seed's log format on stdout: "Process ID = N", then "Sent msg D to server",
"<-- Queued seq=S dat=D" and "--> Delivered seq=S dat=D" lines as events happen.`;

export { UsageError };

const whole = (name: string, text: string | undefined, min: number, max: number): number | undefined =>
  text === undefined ? undefined : wholeNumber(name, text, 0, min, max);

function cid(text: string | undefined): string | null {
  if (text === undefined) return null;
  if (!CID_PATTERN.test(text)) throw new UsageError(`--cid must be 1 to 64 letters, digits, "-" or "_", not "${text}"`);
  return text;
}

/** Parses argv (without node and the script); null means --help. */
export function parseWorkerOptions(argv: readonly string[]): WorkerOptions | null {
  const { values } = parseFlags(argv, FLAGS);
  if (values.help) return null;
  if (values["idle-exit"] !== undefined && values.count === undefined) {
    throw new UsageError("--idle-exit needs --count: a worker that sends forever is never done");
  }
  const url = values.url ?? "ws://localhost:8080/ws";
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--url must be a WebSocket URL such as ws://localhost:8080/ws, not "${url}"`);
  }
  if (parsed.protocol !== "ws:" && parsed.protocol !== "wss:") {
    throw new UsageError(`--url must start with ws:// or wss://, not "${url}"`);
  }
  return {
    url,
    count: whole("count", values.count, 0, Number.MAX_SAFE_INTEGER) ?? Number.POSITIVE_INFINITY,
    interval: whole("interval", values.interval, 1, 3_600_000) ?? 1000,
    idleExit: whole("idle-exit", values["idle-exit"], 1, 3_600_000) ?? null,
    seed: whole("seed", values.seed, 0, 2 ** 32 - 1) ?? null,
    cid: cid(values.cid),
    history: values.history ?? null,
    connectTimeout: whole("connect-timeout", values["connect-timeout"], 1, 3_600_000) ?? 5000,
    perRecord: values["per-record"] ?? false,
  };
}

const FLAGS = {
  url: { type: "string" },
  count: { type: "string" },
  interval: { type: "string" },
  "idle-exit": { type: "string" },
  seed: { type: "string" },
  cid: { type: "string" },
  history: { type: "string" },
  "connect-timeout": { type: "string" },
  "per-record": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;
