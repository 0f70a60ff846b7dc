/**
 * The benchmarks' servers: Ordercast with the simulated network and the rate
 * limit off, started and stopped by server/testing/process.ts; and a reader
 * of a process's resident memory.
 */
import { readFileSync } from "node:fs";
import { type RunningServer, startServer } from "../server/testing/process.ts";

/** Starts Ordercast on a free port with the simulated network and rate limit off; resolves once it listens. */
export function startOrdercast(flags: readonly string[]): Promise<RunningServer> {
  return startServer(["--delay", "0", "--jitter", "0", "--rate-limit", "0", ...flags], { echoStderr: true });
}

/** A process's resident memory (VmRSS), in bytes. */
export function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith("VmRSS:"));
  return Number(line?.split(/\s+/)[1] ?? 0) * 1024;
}

const TICKS_PER_SECOND = 100;

/** User plus system CPU time of a process, in seconds. */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** A process's peak resident memory so far (VmHWM), in bytes. */
export function peakRssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith("VmHWM:"));
  return Number(line?.split(/\s+/)[1] ?? 0) * 1024;
}
