/**
 * Starts the real server (`tsx server/main.ts`) on a free port for one test,
 * and stops it, with its whole process group, afterwards.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

export interface RunningServer {
  readonly httpUrl: string;
  readonly wsUrl: string;
  /** Everything the server printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts a server; without --data among the flags it keeps its log in memory. */
export async function startServer(flags: readonly string[]): Promise<RunningServer> {
  const storage = flags.includes("--data") ? [] : ["--memory"];
  const child: ChildProcess = spawn(
    process.execPath,
    [join(root, "node_modules/tsx/dist/cli.mjs"), "server/main.ts", "--port", "0", "--host", "127.0.0.1", ...storage, ...flags],
    {
      cwd: root,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const port = await new Promise<number>((resolve, reject) => {
    const onData = () => {
      const match = /http:\/\/localhost:(\d+)\//.exec(output);
      if (match) resolve(Number(match[1]));
    };
    child.stdout?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`server exited (${code}) before listening:\n${output}`)));
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    httpUrl: `http://127.0.0.1:${port}/`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
      await exited;
    },
  };
}
