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
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, openSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { check, formatReport } from "../shared/checker.ts";
import { parseHistory } from "../shared/history.ts";
import { randomInt, seededRandom } from "../shared/random.ts";

const root = join(import.meta.dirname, "..");
// Processes run with tsx as a loader in the same process (not its CLI, which runs a child), so signals reach them.
const CONVERGENCE_LIMIT_MS = 5000;

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

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

function startServer(port: number): Promise<ChildProcess> {
  const out = openSync(join(dir, "server.log"), "a");
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "server/main.ts",
      "--port",
      String(port),
      "--host",
      "127.0.0.1",
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
    ],
    { cwd: root, detached: true, stdio: ["ignore", out, out] },
  );
  return new Promise((resolve, reject) => {
    const poll = async () => {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (response.ok) return resolve(child);
      } catch {
        // not up yet
      }
      if (child.exitCode !== null) return reject(new Error(`server exited (${child.exitCode}); see ${join(dir, "server.log")}`));
      setTimeout(poll, 50);
    };
    poll();
  });
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.pid === undefined) return resolve();
    child.once("exit", () => resolve());
    process.kill(-child.pid, "SIGKILL");
  });
}

async function main(): Promise<number> {
  const port = await freePort();
  log(
    `seed ${config.seed}: ${config.workers} workers × ${config.count} messages, ${config.kills} server kills, ${config.disconnects} disconnects; data in ${dir}`,
  );
  // The server builds the page on first start; build it now so restarts are quick.
  let server = await startServer(port);
  const url = `ws://127.0.0.1:${port}/ws`;

  const workers = Array.from({ length: config.workers }, (_, i) => {
    const out = openSync(join(dir, `out${i + 1}`), "w");
    const err = openSync(join(dir, `err${i + 1}`), "w");
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
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
      { cwd: root, stdio: ["ignore", out, err] },
    );
    const exited = new Promise<string>((resolve) =>
      child.once("exit", (code, signal) => resolve(code === null ? `signal ${signal}` : String(code))),
    );
    return { child, exited };
  });

  // Faults start once every worker has joined (a worker still starting up would die of SIGUSR2).
  const joined = (i: number) => readFileSync(join(dir, `out${i + 1}`), "utf8").startsWith("Process ID");
  while (!workers.every((_, i) => joined(i))) await new Promise((r) => setTimeout(r, 50));
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
          await kill(server);
          lastFault = Date.now();
          await new Promise((r) => setTimeout(r, 300 + random.next() * 700));
          server = await startServer(port);
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
  await kill(server);

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
