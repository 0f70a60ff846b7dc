/**
 * `npm run bench`: Ordercast's sequencer against a plain ws relay, in one run,
 * interleaved, median of 3. For each server (raw relay; ours in memory; ours
 * with the durable log), with the simulated network off and 50 clients in a
 * separate process: deliveries a second at full load, server CPU time per
 * delivery, and send-to-deliver latency p50/p99 at 25k and 75k deliveries a
 * second. Prints a table and writes bench/results/latest.json. Ratios are
 * ours / raw from the same run: the machine is shared and noisy, absolute
 * figures are not comparable between runs.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { lines, runTs, stopGroup } from "../server/testing/process.ts";
import { cpuSeconds, startOrdercast } from "./processes.ts";

const root = join(import.meta.dirname, "..");

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CLIENTS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const RATES = [25_000, 75_000];

type Variant = "raw" | "ours" | "ours-durable";
interface Sample {
  perSecond: number;
  cpuPerDelivery: number;
  latency: Record<number, { p50: number; p99: number }>;
}

/** A server under measurement: its own pid (for CPU readings), its WebSocket address, and how to end it. */
interface Measured {
  readonly pid: number;
  readonly url: string;
  stop(): Promise<void>;
}

async function startServer(variant: Variant): Promise<Measured> {
  if (variant !== "raw") {
    const server = await startOrdercast(variant === "ours" ? ["--memory"] : ["--data", mkdtempSync(join(tmpdir(), "ordercast-bench-"))]);
    return { pid: server.pid, url: server.wsUrl, stop: () => server.stop("SIGKILL") };
  }
  const child = runTs(["bench/raw-relay.ts"]);
  for await (const line of lines(child)) {
    const port = /listening on (\d+)/.exec(line)?.[1];
    if (port) return { pid: child.pid ?? 0, url: `ws://127.0.0.1:${port}`, stop: () => stopGroup(child, "SIGKILL") };
  }
  throw new Error("the raw relay exited before listening");
}

async function load(server: Measured, kind: Variant, mode: string, rate?: number) {
  const child = runTs([
    "bench/load.ts",
    "--url",
    server.url,
    "--kind",
    kind === "raw" ? "raw" : "ours",
    "--clients",
    String(CLIENTS),
    "--mode",
    mode,
    "--seconds",
    String(SECONDS),
    ...(rate ? ["--rate", String(rate)] : []),
  ]);
  let cpuAtStart = 0;
  for await (const line of lines(child)) {
    const result = JSON.parse(line);
    if (result.started) {
      cpuAtStart = cpuSeconds(server.pid);
      continue;
    }
    const cpu = cpuSeconds(server.pid) - cpuAtStart;
    return { ...result, cpuPerDelivery: cpu / Math.max(1, result.deliveries) } as {
      perSecond: number;
      p50: number;
      p99: number;
      cpuPerDelivery: number;
    };
  }
  throw new Error("load process ended without a result");
}

/** One phase on a fresh server, so that no history from an earlier phase is replayed to the new clients. */
async function phase(variant: Variant, mode: string, rate?: number) {
  const server = await startServer(variant);
  try {
    return await load(server, variant, mode, rate);
  } finally {
    await server.stop();
  }
}

async function measure(variant: Variant): Promise<Sample> {
  const full = await phase(variant, "throughput");
  const latency: Sample["latency"] = {};
  for (const rate of RATES) {
    const r = await phase(variant, "rate", rate);
    latency[rate] = { p50: r.p50, p99: r.p99 };
  }
  return { perSecond: full.perSecond, cpuPerDelivery: full.cpuPerDelivery, latency };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

const variants: Variant[] = ["raw", "ours", "ours-durable"];
const samples: Record<Variant, Sample[]> = { raw: [], ours: [], "ours-durable": [] };
for (let round = 1; round <= ROUNDS; round++) {
  for (const variant of variants) {
    const sample = await measure(variant);
    samples[variant].push(sample);
    console.error(
      `round ${round} ${variant}: ${Math.round(sample.perSecond)} deliveries/s, ${(sample.cpuPerDelivery * 1e6).toFixed(2)} µs CPU each, p99 ${RATES.map((r) => `${sample.latency[r]?.p99.toFixed(1)} ms @${r / 1000}k`).join(", ")}`,
    );
  }
}

const summary = Object.fromEntries(
  variants.map((v) => [
    v,
    {
      deliveriesPerSecond: median(samples[v].map((s) => s.perSecond)),
      cpuMicrosecondsPerDelivery: median(samples[v].map((s) => s.cpuPerDelivery * 1e6)),
      latency: Object.fromEntries(
        RATES.map((r) => [
          `${r / 1000}k`,
          {
            p50: median(samples[v].map((s) => s.latency[r]?.p50 ?? Number.NaN)),
            p99: median(samples[v].map((s) => s.latency[r]?.p99 ?? Number.NaN)),
          },
        ]),
      ),
    },
  ]),
) as Record<
  Variant,
  { deliveriesPerSecond: number; cpuMicrosecondsPerDelivery: number; latency: Record<string, { p50: number; p99: number }> }
>;

const raw = summary.raw;
const ours = summary.ours;
const result = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model ?? "" },
  clients: CLIENTS,
  rounds: ROUNDS,
  secondsPerMeasurement: SECONDS,
  summary,
  throughputRatio: ours.deliveriesPerSecond / raw.deliveriesPerSecond,
  cpuRatio: ours.cpuMicrosecondsPerDelivery / raw.cpuMicrosecondsPerDelivery,
  p99Ratio25k: (ours.latency["25k"]?.p99 ?? Number.NaN) / (raw.latency["25k"]?.p99 ?? Number.NaN),
  durable: {
    throughputRatio: summary["ours-durable"].deliveriesPerSecond / raw.deliveriesPerSecond,
    cpuRatio: summary["ours-durable"].cpuMicrosecondsPerDelivery / raw.cpuMicrosecondsPerDelivery,
    p99Ratio25k: (summary["ours-durable"].latency["25k"]?.p99 ?? Number.NaN) / (raw.latency["25k"]?.p99 ?? Number.NaN),
  },
};

const row = (name: string, s: (typeof summary)[Variant]) =>
  `| ${name.padEnd(22)} | ${Math.round(s.deliveriesPerSecond).toString().padStart(12)} | ${s.cpuMicrosecondsPerDelivery.toFixed(2).padStart(9)} | ${RATES.map((r) => `${s.latency[`${r / 1000}k`]?.p50.toFixed(1)} / ${s.latency[`${r / 1000}k`]?.p99.toFixed(1)}`.padStart(14)).join(" | ")} |`;
console.log(`\n${CLIENTS} clients, median of ${ROUNDS} interleaved rounds, ${SECONDS} s each\n`);
console.log("| server                 | deliveries/s | µs CPU/delivery | p50 / p99 ms @25k | p50 / p99 ms @75k |");
console.log("| --- | --- | --- | --- | --- |");
console.log(row("raw ws relay", raw));
console.log(row("ours (memory log)", ours));
console.log(row("ours (durable log)", summary["ours-durable"]));
console.log(
  `\nthroughputRatio ${result.throughputRatio.toFixed(2)}  cpuRatio ${result.cpuRatio.toFixed(2)}  p99Ratio25k ${result.p99Ratio25k.toFixed(2)}  (durable: ${result.durable.throughputRatio.toFixed(2)}, ${result.durable.cpuRatio.toFixed(2)}, ${result.durable.p99Ratio25k.toFixed(2)})`,
);
mkdirSync(join(root, "bench/results"), { recursive: true });
writeFileSync(join(root, "bench/results/latest.json"), `${JSON.stringify(result, null, 2)}\n`);
console.log("wrote bench/results/latest.json");
