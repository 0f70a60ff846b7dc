/** The server's command-line flags, checked before anything starts. */
import { parseArgs } from "node:util";

export interface ServerOptions {
  readonly port: number;
  readonly host: string;
  readonly delay: number;
  readonly jitter: number;
  readonly seed: number | null;
  readonly rateLimit: number;
  readonly dev: boolean;
}

export const DEFAULTS = { port: 8080, host: "0.0.0.0", delay: 100, jitter: 1200, rateLimit: 50 } as const;

export const USAGE = `Usage: npm start -- [options]

  --port N        port for the page and the WebSocket (default ${DEFAULTS.port}, or $PORT; 0 picks a free one)
  --host ADDR     address to listen on (default ${DEFAULTS.host}: every interface, so phones and laptops can join)
  --delay MS      base delay of every simulated link, each direction (default ${DEFAULTS.delay})
  --jitter MS     uniform random extra delay per message, 0..MS (default ${DEFAULTS.jitter})
  --seed N        seed of the random delays: the same seed draws the same delays, though real
                  clicks still arrive at their own times (default: random, printed)
  --rate-limit N  messages a second one connection may send (default ${DEFAULTS.rateLimit}; 0 = no limit)
  --dev           serve the page through Vite with hot reload instead of the build
  --help          show this text

  --delay 0 --jitter 0 is the plain fast path: no simulated network at all.`;

/** Thrown for a bad flag; its message is meant for the person who typed it. */
export class UsageError extends Error {}

function count(name: string, text: string | undefined, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) > max) {
    throw new UsageError(`--${name} must be a whole number from 0 to ${max}, not "${text}"`);
  }
  return Number(text);
}

/** Parses argv (without node and the script). Returns null when --help was asked for. */
export function parseServerOptions(argv: readonly string[], env: Record<string, string | undefined>): ServerOptions | null {
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return null;
  return {
    port: count("port", values.port ?? env.PORT, DEFAULTS.port, 65535),
    host: values.host ?? DEFAULTS.host,
    delay: count("delay", values.delay, DEFAULTS.delay, 60_000),
    jitter: count("jitter", values.jitter, DEFAULTS.jitter, 60_000),
    seed: values.seed === undefined ? null : count("seed", values.seed, 0, 2 ** 32 - 1),
    rateLimit: count("rate-limit", values["rate-limit"], DEFAULTS.rateLimit, 1_000_000),
    dev: values.dev ?? false,
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      delay: { type: "string" },
      jitter: { type: "string" },
      seed: { type: "string" },
      "rate-limit": { type: "string" },
      dev: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}
