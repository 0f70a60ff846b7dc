/**
 * `npm run bench:lecture`: the server as a lecture uses it. N students
 * (default 300), each a protocol client sending R messages a second (default
 * 1), as on the teacher's "every tab sends", through the room's default
 * simulated network; a board watches, as the projected one does. The load
 * runs in a process of its own (bench/lecture-load.ts), apart from the server.
 *
 * Each run measures two phases on fresh servers with the same load: the
 * default network, and the fast path (delay and jitter 0). Reported:
 *   - server CPU per delivery, network on against the fast path (a ratio);
 *   - own send→deliver latency p50/p99/max, against what the network alone
 *     allows (bench/lecture-model.ts: the same load through the configured
 *     delay distribution with no processing time);
 *   - completeness (every student delivered every seq) and one order (the
 *     same digest of the delivered sequence at every student);
 *   - /healthz latency while the load runs, probed every 50 ms;
 *   - the server's peak resident memory (VmHWM).
 * With --runs K, the range (min–max) of each figure over the K runs.
 * Writes bench/results/lecture.json. The machine may be shared: the ratio is
 * what compares, absolute figures vary between runs.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { WebSocket } from "ws";
import { lines, runTs, startServer } from "../server/testing/process.ts";
import { watchFrame } from "../shared/protocol.ts";
import { benchDir } from "./history.ts";
import { networkOwnLatency, type Quantiles, quantiles } from "./lecture-model.ts";
import { cpuSeconds, peakRssBytes } from "./processes.ts";

const { values } = parseArgs({
  options: {
    students: { type: "string", default: "300" },
    rate: { type: "string", default: "1" },
    seconds: { type: "string", default: "10" },
    runs: { type: "string", default: "3" },
    board: { type: "string", default: "1" },
    drain: { type: "string", default: "30" },
  },
});
const STUDENTS = Number(values.students);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const RUNS = Number(values.runs);
const BOARD = values.board !== "0";
const WARMUP_SECONDS = 3;
const root = join(import.meta.dirname, "..");

type Variant = "network" | "fast";

interface LoadResult {
  totalSent: number;
  deliveries: number;
  perSecond: number;
  own: Quantiles & { count: number };
  complete: number;
  digests: number;
  drainSeconds: number;
}

interface Phase extends LoadResult {
  network: { delay: number; jitter: number; loss: number; dup: number };
  cpuPerDelivery: number;
  healthz: Quantiles;
  peakMiB: number;
  boardBytes: number;
  /** Share of one core the server and the load process used in the window. */
  serverCores: number;
  loadCores: number;
  /** The machine's load average (1 min) at the end of the window: others' work shows here. */
  machineLoad: number;
}

/** A board that watches the room and only counts what it gets. */
function watchBoard(url: string): { bytes: () => number; close: () => void } {
  let bytes = 0;
  const ws = new WebSocket(url, { perMessageDeflate: false });
  ws.on("open", () => ws.send(watchFrame()));
  ws.on("message", (frame: Buffer) => {
    bytes += frame.length;
  });
  ws.on("error", () => {});
  return { bytes: () => bytes, close: () => ws.terminate() };
}

async function phase(variant: Variant): Promise<Phase> {
  const dir = benchDir("ordercast-lecture-");
  const server = await startServer(["--data", dir, ...(variant === "fast" ? ["--delay", "0", "--jitter", "0"] : [])], {
    echoStderr: true,
  });
  const board = BOARD ? watchBoard(server.wsUrl) : null;
  const child = runTs([
    "bench/lecture-load.ts",
    ...["--url", server.wsUrl, "--students", String(STUDENTS), "--rate", String(RATE)],
    ...["--seconds", String(SECONDS), "--warmup", String(WARMUP_SECONDS), "--drain", String(values.drain)],
  ]);
  let network: Phase["network"] = { delay: Number.NaN, jitter: Number.NaN, loss: 0, dup: 0 };
  let cpuAtStart = 0;
  let cpu = 0;
  let loadCpuAtStart = 0;
  let loadCpu = 0;
  let windowStart = 0;
  let windowSeconds = 1;
  let machineLoad = 0;
  const health: number[] = [];
  let probing = false;
  let probe: Promise<void> = Promise.resolve();
  try {
    for await (const line of lines(child)) {
      const message = JSON.parse(line);
      if (message.welcome) network = message.welcome.network;
      else if (message.started) {
        cpuAtStart = cpuSeconds(server.pid);
        loadCpuAtStart = cpuSeconds(child.pid ?? 0);
        windowStart = performance.now();
        probing = true;
        probe = (async () => {
          while (probing) {
            const t0 = performance.now();
            await (await fetch(`${server.httpUrl}healthz`)).text();
            health.push(performance.now() - t0);
            await new Promise((r) => setTimeout(r, 50));
          }
        })();
      } else if (message.stopped) {
        cpu = cpuSeconds(server.pid) - cpuAtStart;
        loadCpu = cpuSeconds(child.pid ?? 0) - loadCpuAtStart;
        windowSeconds = (performance.now() - windowStart) / 1000;
        machineLoad = loadavg()[0] ?? 0;
        probing = false;
        await probe;
      } else {
        const result = message as LoadResult;
        return {
          ...result,
          network,
          cpuPerDelivery: cpu / Math.max(1, result.deliveries),
          healthz: quantiles(health),
          peakMiB: peakRssBytes(server.pid) / 2 ** 20,
          boardBytes: board?.bytes() ?? 0,
          serverCores: cpu / windowSeconds,
          loadCores: loadCpu / windowSeconds,
          machineLoad,
        };
      }
    }
    throw new Error("the load process ended without a result");
  } finally {
    probing = false;
    board?.close();
    await server.stop("SIGKILL");
  }
}

const ms = (v: number) => `${Math.round(v)}`;
const range = (xs: number[], f: (v: number) => string = ms) => {
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return lo === hi ? f(lo) : `${f(lo)}–${f(hi)}`;
};

const runs: { network: Phase; fast: Phase; model: Quantiles }[] = [];
for (let run = 1; run <= RUNS; run++) {
  const network = await phase("network");
  const fast = await phase("fast");
  const model = networkOwnLatency({
    students: STUDENTS,
    rate: RATE,
    seconds: SECONDS,
    warmupSeconds: WARMUP_SECONDS,
    delay: network.network.delay,
    jitter: network.network.jitter,
  });
  runs.push({ network, fast, model });
  for (const [name, p] of [
    ["network", network],
    ["fast", fast],
  ] as const) {
    console.error(
      `run ${run} ${name.padEnd(7)} ${Math.round(p.perSecond)} deliveries/s, ${(p.cpuPerDelivery * 1e6).toFixed(2)} µs CPU each, ` +
        `own p50/p99/max ${ms(p.own.p50)}/${ms(p.own.p99)}/${ms(p.own.max)} ms, complete ${p.complete}/${STUDENTS}, ` +
        `${p.digests} order(s), /healthz p99 ${p.healthz.p99.toFixed(1)} ms, peak ${Math.round(p.peakMiB)} MiB, ` +
        `server ${p.serverCores.toFixed(2)} cores, load ${p.loadCores.toFixed(2)} cores, machine load ${p.machineLoad.toFixed(1)}`,
    );
  }
}

const net = runs.map((r) => r.network);
const fast = runs.map((r) => r.fast);
const ratio = runs.map((r) => r.network.cpuPerDelivery / r.fast.cpuPerDelivery);
const overNetwork = runs.map((r) => r.network.own.p99 - r.model.p99);
const { delay, jitter } = runs[0]?.network.network ?? { delay: 0, jitter: 0 };
const title = `${STUDENTS} students at ${RATE}/s, network delay ${delay} ms + jitter 0–${jitter} ms, ${SECONDS} s measured, ${RUNS} run(s)${BOARD ? ", a board watching" : ""}`;
const rows = [
  ["deliveries a second", range(net.map((p) => p.perSecond))],
  [
    "server CPU per delivery, network on (µs)",
    range(
      net.map((p) => p.cpuPerDelivery * 1e6),
      (v) => v.toFixed(2),
    ),
  ],
  [
    "server CPU per delivery, fast path (µs)",
    range(
      fast.map((p) => p.cpuPerDelivery * 1e6),
      (v) => v.toFixed(2),
    ),
  ],
  ["CPU ratio, network on / fast path (target ≤ 3)", range(ratio, (v) => v.toFixed(2))],
  ["own latency p50 / p99 / max (ms)", ["p50", "p99", "max"].map((q) => range(net.map((p) => p.own[q as "p50"]))).join(" / ")],
  ["network's own p50 / p99 / max (ms, model)", ["p50", "p99", "max"].map((q) => range(runs.map((r) => r.model[q as "p50"]))).join(" / ")],
  ["own p99 over the network's own (target ≤ 300 ms)", range(overNetwork)],
  ["students complete", range(net.map((p) => p.complete))],
  ["distinct orders among them (target 1)", range(net.map((p) => p.digests))],
  [
    "/healthz p50 / p99 / max (ms, target p99 < 100)",
    ["p50", "p99", "max"]
      .map((q) =>
        range(
          net.map((p) => p.healthz[q as "p50"]),
          (v) => v.toFixed(1),
        ),
      )
      .join(" / "),
  ],
  ["server peak memory (MiB)", range(net.map((p) => p.peakMiB))],
  [
    "server / load process CPU (cores)",
    `${range(
      net.map((p) => p.serverCores),
      (v) => v.toFixed(2),
    )} / ${range(
      net.map((p) => p.loadCores),
      (v) => v.toFixed(2),
    )}`,
  ],
  [
    "machine load average, 1 min (2 cores; above 2, others' work competes)",
    range(
      net.map((p) => p.machineLoad),
      (v) => v.toFixed(1),
    ),
  ],
  [
    "fast path: own p99 (ms), /healthz p99 (ms)",
    `${range(fast.map((p) => p.own.p99))}, ${range(
      fast.map((p) => p.healthz.p99),
      (v) => v.toFixed(1),
    )}`,
  ],
];
console.log(`\n${title}\n`);
console.log("| figure | range over runs |\n| --- | --- |");
for (const [name, value] of rows) console.log(`| ${name} | ${value} |`);
const met = runs.map(
  (r, i) =>
    (ratio[i] ?? Number.POSITIVE_INFINITY) <= 3 &&
    r.network.complete === STUDENTS &&
    r.network.digests === 1 &&
    (overNetwork[i] ?? Number.POSITIVE_INFINITY) <= 300 &&
    r.network.healthz.p99 < 100,
);
console.log(`\ntargets met in ${met.filter(Boolean).length} of ${RUNS} run(s)`);
mkdirSync(join(root, "bench/results"), { recursive: true });
writeFileSync(
  join(root, "bench/results/lecture.json"),
  `${JSON.stringify({ date: new Date().toISOString(), machine: { cpus: cpus().length, model: cpus()[0]?.model ?? "" }, students: STUDENTS, rate: RATE, seconds: SECONDS, board: BOARD, runs, metIn: met.filter(Boolean).length }, null, 2)}\n`,
);
console.log("wrote bench/results/lecture.json");
process.exit(0);
