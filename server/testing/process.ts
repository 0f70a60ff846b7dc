/**
 * The real server (`server/main.ts`) in a process of its own, for the browser
 * tests, the chaos run, the benchmarks and the screenshots. Each process runs
 * TypeScript with tsx as a loader (not its CLI, which would run the program in
 * a child), so its pid is the server's own (for CPU and memory readings) and
 * signals reach it; it leads its own process group, so stopping ends
 * everything it started.
 */
import { type ChildProcess, type StdioOptions, spawn } from "node:child_process";
import { appendFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { within } from "../../shared/testing/wait.ts";

const root = join(import.meta.dirname, "..", "..");

/** The line the server prints once it listens; it names the port. */
const LISTENING = /http:\/\/localhost:(\d+)\//;

/** Runs a TypeScript file of the project (args[0], relative to the repo root) with node and tsx as a loader. */
export function runTs(args: readonly string[], options: { stdio?: StdioOptions; ownGroup?: boolean } = {}): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", ...args], {
    cwd: root,
    stdio: options.stdio ?? ["ignore", "pipe", "inherit"],
    detached: options.ownGroup ?? true,
  });
}

/** Lines a child prints on stdout, as they come. */
export function lines(child: ChildProcess): AsyncIterableIterator<string> {
  if (!child.stdout) throw new Error("the child's stdout is not a pipe");
  return createInterface({ input: child.stdout })[Symbol.asyncIterator]();
}

/** A port nothing listens on just now, on 127.0.0.1: for a server that must come back on the same port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port assigned"))));
    });
  });
}

/** Ends a process and its group with `signal`; resolves once it has exited. */
export function stopGroup(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    process.kill(-child.pid, signal);
  } catch (error) {
    // Already gone between the check and the kill.
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
  return exited;
}

export interface ServerOptions {
  /** The port to listen on; default: one the system picks. */
  readonly port?: number;
  /** Also append everything the server prints to this file. */
  readonly logFile?: string;
  /** Also copy what the server prints on stderr to ours. */
  readonly echoStderr?: boolean;
  /** How long the server may take to listen; default 120 s (a first start builds the page). */
  readonly readyTimeoutMs?: number;
}

export interface RunningServer {
  readonly port: number;
  /** The page's address, ending in "/". */
  readonly httpUrl: string;
  /** The WebSocket address. */
  readonly wsUrl: string;
  /** The server's own process, for CPU and memory readings. */
  readonly pid: number;
  /** Everything the server printed so far, stdout and stderr. */
  output(): string;
  /** Stops the server and its process group; SIGKILL simulates a crash. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts `server/main.ts` on 127.0.0.1 with `flags`, and resolves once it
 * listens. Without --data among the flags the server keeps its log in memory.
 */
export async function startServer(flags: readonly string[], options: ServerOptions = {}): Promise<RunningServer> {
  const storage = flags.includes("--data") || flags.includes("--memory") ? [] : ["--memory"];
  const port = String(options.port ?? 0);
  const child = runTs(["server/main.ts", "--port", port, "--host", "127.0.0.1", ...storage, ...flags], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const record = (chunk: Buffer) => {
    output += chunk.toString();
    if (options.logFile) appendFileSync(options.logFile, chunk);
  };
  child.stdout?.on("data", record);
  child.stderr?.on("data", (chunk: Buffer) => {
    record(chunk);
    if (options.echoStderr) process.stderr.write(chunk);
  });
  const listening = new Promise<number>((resolve, reject) => {
    child.stdout?.on("data", () => {
      const match = LISTENING.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.once("error", reject);
    child.once("exit", (code, signal) => reject(new Error(`server exited (${code ?? signal}) before listening:\n${output}`)));
  });
  const timeoutMs = options.readyTimeoutMs ?? 120_000;
  let listeningPort: number;
  try {
    listeningPort = await within(listening, `the server (${flags.join(" ")}) to listen`, timeoutMs);
  } catch (error) {
    await stopGroup(child, "SIGKILL");
    throw error instanceof Error && !error.message.includes(output) ? new Error(`${error.message}; it printed:\n${output}`) : error;
  }
  return {
    port: listeningPort,
    httpUrl: `http://127.0.0.1:${listeningPort}/`,
    wsUrl: `ws://127.0.0.1:${listeningPort}/ws`,
    pid: child.pid ?? 0,
    output: () => output,
    stop: (signal = "SIGTERM") => stopGroup(child, signal),
  };
}
