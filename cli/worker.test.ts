/**
 * Integration: the real server process and three real CLI worker processes on
 * loopback, writing out1..out3 to disk; then the seed's check, run by bash.
 */
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, openSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../server/testing/process.ts";

const root = join(import.meta.dirname, "..");
const tsx = join(root, "node_modules/tsx/dist/cli.mjs");

function runWorker(args: readonly string[], outFile: string): Promise<{ code: number | null; stderr: string }> {
  const out = openSync(outFile, "w");
  const child = spawn(process.execPath, [tsx, "cli/worker.ts", ...args], { cwd: root, stdio: ["ignore", out, "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stderr })));
}

describe("CLI workers against the real server", () => {
  let server: RunningServer;
  const dir = mkdtempSync(join(tmpdir(), "ordercast-"));

  beforeAll(async () => {
    server = await startServer(["--delay", "5", "--jitter", "150", "--seed", "3"]);
    // A first start may build the page, slowly on a busy machine.
  }, 180_000);
  afterAll(async () => {
    await server.stop();
  });

  it("three workers started together print identical Delivered lines (the seed's check)", async () => {
    const count = 12;
    const files = ["out1", "out2", "out3"].map((name) => join(dir, name));
    const results = await Promise.all(
      files.map((file) => runWorker(["--url", server.wsUrl, "--count", String(count), "--interval", "40", "--idle-exit", "800"], file)),
    );
    for (const result of results) expect(result, result.stderr).toMatchObject({ code: 0 });

    const logs = files.map((file) => readFileSync(file, "utf8"));
    for (const log of logs) {
      expect(log).toMatch(/^Process ID = \d+\n/);
      expect(log.match(/^Sent msg \d{9} to server$/gm)).toHaveLength(count);
      expect(log.match(/^--> Delivered seq=\d+ dat=\d{9}$/gm)).toHaveLength(count * files.length);
    }
    const diff = (a: string, b: string) =>
      execFileSync("bash", ["-c", `diff <(grep Delivered ${a}) <(grep Delivered ${b})`], { cwd: dir, encoding: "utf8" });
    expect(diff("out2", "out3")).toBe("");
    expect(diff("out1", "out2")).toBe("");
    // Jitter far above the send spacing makes stamped messages overtake each other.
    expect(logs.join("").match(/^<-- Queued seq=\d+/gm)?.length ?? 0).toBeGreaterThan(0);
    // The documented digest recipe works on a CLI log.
    const digest = execFileSync("bash", ["-c", "grep '^--> Delivered' out2 | sha256sum | cut -c1-12"], { cwd: dir, encoding: "utf8" });
    const lines = logs[1]?.split("\n").filter((l) => l.startsWith("--> Delivered")) ?? [];
    expect(digest.trim()).toBe(
      createHash("sha256")
        .update(`${lines.join("\n")}\n`)
        .digest("hex")
        .slice(0, 12),
    );
  });

  it("exits 1 with a clear message when no server answers", async () => {
    const result = await runWorker(["--url", "ws://127.0.0.1:9/ws", "--count", "1", "--connect-timeout", "300"], join(dir, "refused"));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cannot reach ws:\/\/127\.0\.0\.1:9\/ws: .*ECONNREFUSED.*Is the server running/);
  });

  it("exits 2 with usage for a bad flag", async () => {
    const result = await runWorker(["--count", "many"], join(dir, "bad"));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--count must be a whole number/);
  });
});
