/** The server's command-line flags, checked before anything starts. */
import { MAX_PER_ADDRESS, MAX_WATCHERS } from "./address-limits.ts";
import { parseFlags, UsageError, wholeNumber } from "./flags.ts";

export { UsageError };

export interface ServerOptions {
  readonly port: number;
  readonly host: string;
  readonly delay: number;
  readonly jitter: number;
  readonly loss: number;
  readonly dup: number;
  readonly seed: number | null;
  readonly rateLimit: number;
  /** Where the durable log lives; null with --memory. */
  readonly data: string | null;
  /** Browser origins allowed besides the server's own and localhost; "*" allows any. */
  readonly origins: readonly string[];
  /** The teacher key; null: make one up and print it. */
  readonly key: string | null;
  readonly maxConnections: number;
  /** --max-connections was given: it is kept, with a warning if it passes the open-file limit; else it is lowered to fit. */
  readonly maxConnectionsSet: boolean;
  /** Sockets one address may hold (loopback is not limited). */
  readonly maxPerAddress: number;
  /** Boards watching at once, over all rooms. */
  readonly maxWatchers: number;
  readonly dev: boolean;
}

export const DEFAULTS = {
  port: 8080,
  host: "0.0.0.0",
  /** --dev serves the sources through Vite: this machine only, unless --host says otherwise. */
  devHost: "127.0.0.1",
  delay: 100,
  jitter: 1200,
  rateLimit: 100,
  data: "data",
  maxConnections: 20_000,
  maxPerAddress: MAX_PER_ADDRESS,
  maxWatchers: MAX_WATCHERS,
} as const;

export const USAGE = `Usage: npm start -- [options]

  --port N        port for the page and the WebSocket (default ${DEFAULTS.port}, or $PORT; 0 picks a free one)
  --host ADDR     address to listen on (default ${DEFAULTS.host}: every interface, so phones and laptops can join;
                  with --dev ${DEFAULTS.devHost}: this machine only)
  --delay MS      base delay of every simulated link, each direction (default ${DEFAULTS.delay})
  --jitter MS     uniform random extra delay per message, 0..MS (default ${DEFAULTS.jitter})
  --loss P        chance, 0..1, that a link loses a message (default 0); workers NACK what is missing
  --dup P         chance, 0..1, that a link delivers a message twice (default 0); duplicates are dropped
  --seed N        seed of the simulated network: the same seed draws the same delays and losses,
                  though real clicks still arrive at their own times (default: random, printed)
  --data DIR      keep the durable log in DIR (default ./${DEFAULTS.data}); a restart continues from it
  --memory        keep no log on disk: a restart starts a new, empty log
  --origin LIST   comma-separated browser origins allowed to connect, besides the page's own and
                  localhost; "*" allows any (default: none)
  --key KEY       the teacher key that may change the network and reset the room (default: random, printed)
  --rate-limit N  messages a second one connection may send (default ${DEFAULTS.rateLimit}, bursts of 2×N; 0 = no limit)
  --max-connections N  refuse connections beyond N with HTTP 503, sockets still sending their request
                  included (default ${DEFAULTS.maxConnections}, or less to fit the open-file limit, ulimit -n)
  --max-per-address N  refuse connections beyond N from one address with HTTP 429; loopback is not
                  limited (default ${DEFAULTS.maxPerAddress})
  --max-watchers N  boards (which need no key) watching at once, over all rooms (default ${DEFAULTS.maxWatchers})
  --dev           serve the page through Vite with hot reload instead of the build
  --help          show this text

  --delay 0 --jitter 0 is the plain fast path: no simulated network at all.`;

const count = (name: string, text: string | undefined, fallback: number, max: number) => wholeNumber(name, text, fallback, 0, max);

function chance(name: string, text: string | undefined): number {
  if (text === undefined) return 0;
  const value = Number(text);
  if (!/^(0|1|0?\.\d+|1\.0*)$/.test(text) || !(value >= 0 && value <= 1)) {
    throw new UsageError(`--${name} must be a chance from 0 to 1, such as 0.05, not "${text}"`);
  }
  return value;
}

/** Parses argv (without node and the script). Returns null when --help was asked for. */
export function parseServerOptions(argv: readonly string[], env: Record<string, string | undefined>): ServerOptions | null {
  const { values } = parseFlags(argv, FLAGS);
  if (values.help) return null;
  if (values.memory && values.data !== undefined) throw new UsageError("--memory and --data exclude each other");
  if (values.key !== undefined && !/^[\x21-\x7e]{8,200}$/.test(values.key)) {
    throw new UsageError("--key must be 8 to 200 printable characters without spaces");
  }
  return {
    port: count("port", values.port ?? env.PORT, DEFAULTS.port, 65535),
    host: values.host ?? (values.dev ? DEFAULTS.devHost : DEFAULTS.host),
    delay: count("delay", values.delay, DEFAULTS.delay, 60_000),
    jitter: count("jitter", values.jitter, DEFAULTS.jitter, 60_000),
    loss: chance("loss", values.loss),
    dup: chance("dup", values.dup),
    seed: values.seed === undefined ? null : count("seed", values.seed, 0, 2 ** 32 - 1),
    rateLimit: count("rate-limit", values["rate-limit"], DEFAULTS.rateLimit, 1_000_000),
    data: values.memory ? null : (values.data ?? DEFAULTS.data),
    origins: (values.origin ?? "")
      .split(",")
      .map((origin) => origin.trim())
      .filter(Boolean),
    key: values.key ?? null,
    maxConnections: count("max-connections", values["max-connections"], DEFAULTS.maxConnections, 1_000_000),
    maxConnectionsSet: values["max-connections"] !== undefined,
    maxPerAddress: count("max-per-address", values["max-per-address"], DEFAULTS.maxPerAddress, 1_000_000),
    maxWatchers: count("max-watchers", values["max-watchers"], DEFAULTS.maxWatchers, 1_000_000),
    dev: values.dev ?? false,
  };
}

const FLAGS = {
  port: { type: "string" },
  host: { type: "string" },
  delay: { type: "string" },
  jitter: { type: "string" },
  loss: { type: "string" },
  dup: { type: "string" },
  seed: { type: "string" },
  data: { type: "string" },
  memory: { type: "boolean" },
  origin: { type: "string" },
  key: { type: "string" },
  "rate-limit": { type: "string" },
  "max-connections": { type: "string" },
  "max-per-address": { type: "string" },
  "max-watchers": { type: "string" },
  dev: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;
