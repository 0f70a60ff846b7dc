/** A room's log of N messages in the on-disk format, for the browser benchmarks. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LOG_FORMAT, logLine as line } from "../server/log-lines.ts";

const dirs = new Set<string>();

/**
 * A fresh directory under the system's temporary folder, removed when this process exits (a
 * benchmark's logs run to hundreds of megabytes; they must not pile up run after run).
 */
export function benchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (dirs.size === 0) {
    process.once("exit", () => {
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    });
  }
  dirs.add(dir);
  return dir;
}

/** Writes a data directory whose default room holds `count` messages; returns the directory (removed at exit). */
export function writeHistory(count: number): string {
  const dir = benchDir("ordercast-history-");
  const lines = [line({ ordercast: LOG_FORMAT, epoch: "benchepoch000001" })];
  for (let seq = 1; seq <= count; seq++) {
    lines.push(
      line({ seq, from: 1 + (seq % 3), cid: `bench-${seq % 3}`, n: Math.ceil(seq / 3), data: String(100_000_000 + seq), time: seq }),
    );
  }
  mkdirSync(join(dir, "default"), { recursive: true });
  writeFileSync(join(dir, "default", "sequencer.log"), lines.join(""));
  return dir;
}
