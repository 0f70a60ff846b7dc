/**
 * The headless worker: `npm run -s worker -- --help`. It drives the same
 * WorkerCore as a browser tab (through the shared WorkerDriver) over a real
 * WebSocket, prints the seed's log format as events happen, and reconnects and
 * resumes when the connection or the server goes away.
 */
import { randomBytes, randomInt } from "node:crypto";
import { closeSync, openSync, writeSync } from "node:fs";
import { realClock } from "../server/clock.ts";
import { type Pacer, startPacing } from "../shared/pacing.ts";
import { nineDigits, seededRandom } from "../shared/random.ts";
import { WorkerDriver } from "../shared/worker-driver.ts";
import { parseWorkerOptions, USAGE, UsageError, type WorkerOptions } from "./options.ts";
import { printed } from "./print.ts";
import { wsConnector } from "./ws-connect.ts";

const { after } = realClock;

function run(options: WorkerOptions): void {
  const random = seededRandom(options.seed ?? randomInt(2 ** 32 - 1));
  const warn = (line: string) => process.stderr.write(`ordercast worker: ${line}\n`);
  const historyFile = options.history === null ? null : openSync(options.history, "w");

  let pacer: Pacer | null = null;
  let everJoined = false;
  // The last time anything arrived: a worker that still receives is not idle.
  let lastArrival = Date.now();
  let lastSocketError = "";
  const startedAt = Date.now();

  const finish = (code: number) => {
    pacer?.stop();
    driver.stop();
    if (historyFile !== null) closeSync(historyFile);
    process.exitCode = code;
    // Timers of the driver are cancelled; let the event loop drain and exit.
    setImmediate(() => process.exit(code));
  };

  const driver = new WorkerDriver({
    cid: options.cid ?? `cli-${randomBytes(6).toString("hex")}`,
    renewCid: () => `cli-${randomBytes(6).toString("hex")}`,
    now: Date.now,
    random,
    after,
    batches: !options.perRecord,
    // Each event is printed (and written to --history) as it comes; kept, a catch-up's million would only burden the GC.
    retain: false,
    connect: wsConnector(options.url, (message) => {
      lastSocketError = message;
    }),
    observe: (observation) => {
      switch (observation.kind) {
        case "events": {
          const history = historyFile === null ? null : { cid: driver.identity, workerId: observation.core.workerId };
          const { lines, records, arrived } = printed(observation.events, history);
          if (arrived) lastArrival = Date.now();
          if (lines) process.stdout.write(lines);
          if (historyFile !== null && records) writeSync(historyFile, records);
          return;
        }
        case "status":
          if (observation.status === "joined") everJoined = true;
          if (observation.status === "reconnecting" && observation.detail) {
            if (!everJoined && Date.now() - startedAt > options.connectTimeout) {
              const hint = /\b404\b/.test(lastSocketError)
                ? "A server answers there, but not the WebSocket: the path should be /ws."
                : "Is the server running (npm start)?";
              warn(`cannot reach ${options.url}: ${lastSocketError || observation.detail}. ${hint}`);
              finish(1);
              return;
            }
            if (everJoined) warn(observation.detail);
          }
          return;
        case "error":
          warn(`server error ${observation.code}: ${observation.message}`);
          return;
        case "fresh":
          warn(observation.reason);
          return;
        case "settings":
          return;
      }
    },
  });

  const idleCheck = () => {
    const core = driver.core;
    // Done: every own message delivered, nothing held back or known to be missing.
    const done = (pacer?.sent ?? 0) >= options.count && core.ownPending === 0 && core.held().length === 0 && core.missing(1).length === 0;
    if (options.idleExit !== null && done && Date.now() - lastArrival >= options.idleExit) {
      finish(0);
      return;
    }
    setTimeout(idleCheck, 50);
  };

  // Chaos runs send SIGUSR2 to cut the connection, as a network failure would.
  process.on("SIGUSR2", () => driver.drop());
  process.on("SIGINT", () => finish(130));
  process.on("SIGTERM", () => finish(143));
  driver.start();
  // Sends until --count went out, a random gap around --interval apart; a send refused before the join is tried again soon.
  pacer = startPacing(
    { intervalMs: options.interval, count: options.count, start: "now" },
    { after, random, send: () => typeof driver.send(nineDigits(random)) !== "string" },
  );
  idleCheck();
}

try {
  const options = parseWorkerOptions(process.argv.slice(2));
  if (options) run(options);
  else console.log(USAGE);
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`ordercast worker: ${error.message}\n\n${USAGE}\n`);
  process.exit(2);
}
