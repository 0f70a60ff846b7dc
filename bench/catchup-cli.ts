/**
 * bench:catchup's command-line half: one real CLI worker (`cli/worker.ts`,
 * a process of its own) joins a room with a long history, its stdout going
 * to a file; its rate is the history over the time from its "Process ID"
 * line (the welcome) to the line delivering the last seq.
 */
import { closeSync, fstatSync, mkdtempSync, openSync, readSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningServer, runTs, stopGroup } from "../server/testing/process.ts";

const POLL_MS = 2;

/** The rate at which a fresh CLI worker catches up on `count` messages: messages a second. */
export async function cliCatchUp(server: RunningServer, count: number, perRecord: boolean): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "ordercast-catchup-cli-"));
  const path = join(dir, "stdout");
  const out = openSync(path, "w");
  const child = runTs(["cli/worker.ts", "--url", server.wsUrl, "--count", "0", ...(perRecord ? ["--per-record"] : [])], {
    stdio: ["ignore", out, "inherit"],
  });
  closeSync(out);
  const reader = openSync(path, "r");
  // The last line names the last seq; the history's data are 9 digits, so 40 bytes hold the marker.
  const marker = `seq=${count} `;
  const tail = Buffer.alloc(64);
  try {
    let joinedAt: number | null = null;
    const deadline = performance.now() + 600_000;
    for (;;) {
      const size = fstatSync(reader).size;
      const now = performance.now();
      if (joinedAt === null && size > 0) joinedAt = now;
      if (size > 0) {
        const got = readSync(reader, tail, 0, tail.length, Math.max(0, size - tail.length));
        if (tail.toString("utf8", 0, got).includes(marker)) return count / ((now - (joinedAt ?? now)) / 1000);
      }
      if (child.exitCode !== null) throw new Error(`the CLI worker exited (${child.exitCode}) before catching up`);
      if (now > deadline) throw new Error(`the CLI worker did not catch up on ${count} messages in 10 minutes`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    closeSync(reader);
    await stopGroup(child);
    rmSync(dir, { recursive: true, force: true });
  }
}
