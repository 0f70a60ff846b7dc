/**
 * `npm run chaos`: a scripted fault run on loopback. It starts the real server
 * on a data directory with loss, duplication and jitter, runs CLI workers that
 * each send their messages, SIGKILLs the server and restarts it on the same
 * data, cuts workers' connections at random, then runs the checker over every
 * worker's history. Exits 1 on any anomaly, or when the workers took longer
 * than 5 s after the last fault (and last send) to converge.
 *   npm run chaos                 20 workers × 500 messages, 2 server kills
 *   npm run chaos -- --short      5 workers × 60 messages, 1 kill (CI)
 */
import { mkdtempSync, openSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { freePort, type RunningServer, runTs, startServer } from "../server/testing/process.ts";
import { check, formatReport } from "../shared/checker.ts";
import { parseHistory } from "../shared/history.ts";
import { randomInt, seededRandom } from "../shared/random.ts";
import { parseSeedLine } from "../shared/seed-format.ts";
import { until } from "../shared/testing/wait.ts";

const CONVERGENCE_LIMIT_MS = 5000;
/** How long every worker may take to join: each gives up after 30 s (--connect-timeout). */
const JOIN_LIMIT_MS = 60_000;

const { values } = parseArgs({
  options: {
    short: { type: "boolean" },
    workers: { type: "string" },
    count: { type: "string" },
    interval: { type: "string" },
    kills: { type: "string" },
    disconnects: { type: "string" },
    seed: { type: "string" },
    keep: { type: "boolean" },
  },
});
const short = values.short ?? false;
const config = {
  workers: Number(values.workers ?? (short ? 5 : 20)),
  count: Number(values.count ?? (short ? 60 : 500)),
  interval: Number(values.interval ?? 40),
  kills: Number(values.kills ?? (short ? 1 : 2)),
  disconnects: Number(values.disconnects ?? (short ? 4 : 20)),
  seed: Number(values.seed ?? Date.now() % 100_000),
};
const random = seededRandom(config.seed);
const dir = mkdtempSync(join(tmpdir(), "ordercast-chaos-"));
const log = (line: string) => console.log(`[chaos ${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}`);
const started = Date.now();

/** The server with the run's faults, on `port` (the same across restarts) and the run's data directory. */
function startChaosServer(port: number): Promise<RunningServer> {
  const flags = [
    "--data",
    join(dir, "data"),
    "--delay",
    "10",
    "--jitter",
    "150",
    "--loss",
    "0.05",
    "--dup",
    "0.05",
    "--key",
    "chaos-key-123",
  ];
  return startServer(flags, { port, logFile: join(dir, "server.log") });
}

async function main(): Promise<number> {
  const port = await freePort();
  log(
    `seed ${config.seed}: ${config.workers} workers × ${config.count} messages, ${config.kills} server kills, ${config.disconnects} disconnects; data in ${dir}`,
  );
  // The server builds the page on first start; build it now so restarts are quick.
  let server = await startChaosServer(port);
  const url = server.wsUrl;

  const workers = Array.from({ length: config.workers }, (_, i) => {
    const out = openSync(join(dir, `out${i + 1}`), "w");
    const err = openSync(join(dir, `err${i + 1}`), "w");
    const child = runTs(
      [
        "cli/worker.ts",
        "--url",
        url,
        "--count",
        String(config.count),
        "--interval",
        String(config.interval),
        "--idle-exit",
        "3000",
        "--cid",
        `chaos-${i + 1}`,
        "--history",
        join(dir, `w${i + 1}.jsonl`),
        "--seed",
        String(config.seed + i),
        "--connect-timeout",
        "30000",
      ],
      { stdio: ["ignore", out, err], ownGroup: false },
    );
    const exited = new Promise<string>((resolve) =>
      child.once("exit", (code, signal) => resolve(code === null ? `signal ${signal}` : String(code))),
    );
    return { child, exited };
  });

  // Faults start once every worker has joined (a worker still starting up would die of SIGUSR2).
  const joined = (i: number) => parseSeedLine(readFileSync(join(dir, `out${i + 1}`), "utf8").split("\n", 1)[0] ?? "")?.kind === "joined";
  const joinedCount = () => workers.filter((_, i) => joined(i)).length;
  await until(
    () => joinedCount() === workers.length,
    () => `every worker to join (${joinedCount()} of ${workers.length} have)`,
    {
      timeoutMs: JOIN_LIMIT_MS,
      intervalMs: 50,
    },
  );
  log("every worker has joined");

  // Faults, spread over the time the workers send.
  const sendWindow = config.count * config.interval;
  let lastFault = Date.now();
  const faults: Promise<void>[] = [];
  for (let k = 0; k < config.kills; k++) {
    const at = ((k + 1) / (config.kills + 1)) * sendWindow;
    faults.push(
      new Promise((resolve) =>
        setTimeout(async () => {
          log("SIGKILL the server");
          await server.stop("SIGKILL");
          lastFault = Date.now();
          await new Promise((r) => setTimeout(r, 300 + random.next() * 700));
          server = await startChaosServer(port);
          lastFault = Date.now();
          log("server restarted on the same data");
          resolve();
        }, at),
      ),
    );
  }
  for (let d = 0; d < config.disconnects; d++) {
    setTimeout(() => {
      const worker = workers[randomInt(random, 0, workers.length - 1)];
      if (worker && worker.child.exitCode === null) {
        worker.child.kill("SIGUSR2");
        lastFault = Date.now();
      }
    }, random.next() * sendWindow);
  }

  const timeout = setTimeout(
    () => {
      log("workers did not finish in time");
      for (const worker of workers) worker.child.kill("SIGTERM");
    },
    sendWindow * 3 + 120_000,
  );
  const codes = await Promise.all(workers.map((w) => w.exited));
  await Promise.all(faults);
  clearTimeout(timeout);
  await server.stop("SIGKILL");

  const histories = workers.map((_, i) => ({
    name: `worker ${i + 1}`,
    records: parseHistory(readFileSync(join(dir, `w${i + 1}.jsonl`), "utf8")),
  }));
  const report = check(histories);
  const records = histories.flatMap((h) => h.records);
  const latest = (event: string) => records.reduce((max, r) => (r.event === event ? Math.max(max, r.time) : max), 0);
  const lastSend = latest("sent");
  const lastDelivery = latest("delivered");
  const settleMs = lastDelivery - Math.max(lastFault, lastSend);

  console.log("");
  console.log(formatReport(report));
  console.log(`worker exit codes: ${[...new Set(codes)].join(", ")}`);
  console.log(`converged ${(settleMs / 1000).toFixed(2)} s after the last fault or send (limit ${CONVERGENCE_LIMIT_MS / 1000} s)`);
  const failed = !report.ok || codes.some((code) => code !== "0") || settleMs > CONVERGENCE_LIMIT_MS;
  console.log(failed ? `CHAOS RUN FAILED (seed ${config.seed}; files in ${dir})` : "CHAOS RUN PASSED");
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`ordercast chaos: ${error.message}`);
    process.exit(2);
  },
);
