/**
 * Processes for the benchmarks: each server runs in a process of its own, with
 * tsx as a loader (not its CLI, which would add a child), so its pid is the
 * server's own, for CPU and memory readings.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";

const root = join(import.meta.dirname, "..");

/** Runs a TypeScript file of the project in its own process group. */
export function node(args: readonly string[]): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", ...args], { cwd: root, stdio: ["ignore", "pipe", "inherit"], detached: true });
}

/** Lines a child prints, as they come. */
export function lines(child: ChildProcess): AsyncIterableIterator<string> {
  if (!child.stdout) throw new Error("no stdout");
  return createInterface({ input: child.stdout })[Symbol.asyncIterator]();
}

/** Starts Ordercast on a free port with the simulated network and rate limit off; resolves once it listens. */
export async function startOrdercast(flags: readonly string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = node([
    "server/main.ts",
    "--port",
    "0",
    "--host",
    "127.0.0.1",
    "--delay",
    "0",
    "--jitter",
    "0",
    "--rate-limit",
    "0",
    ...flags,
  ]);
  for await (const line of lines(child)) {
    const port = /http:\/\/localhost:(\d+)\//.exec(line)?.[1];
    if (port) return { child, url: `ws://127.0.0.1:${port}/ws` };
  }
  throw new Error("the server exited before listening");
}

/** A process's resident memory (VmRSS), in bytes. */
export function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith("VmRSS:"));
  return Number(line?.split(/\s+/)[1] ?? 0) * 1024;
}
