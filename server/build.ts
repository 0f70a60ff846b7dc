/**
 * `npm start` builds the page first when dist/ is missing or older than any
 * source it is built from, so a fresh clone needs no separate build step.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const SOURCES = ["client", "shared", "vite.config.ts", "package-lock.json"];

function newestSource(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return path.includes(".test.") ? 0 : stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestSource(join(path, entry)));
  return newest;
}

/** True when dist/index.html is missing or older than a source file. */
export function buildIsStale(root: string): boolean {
  const index = join(root, "dist", "index.html");
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return SOURCES.some((source) => newestSource(join(root, source)) > built);
}

/** Builds the page with Vite when it is stale. Returns whether it built. */
export async function ensureBuilt(root: string, log: (line: string) => void): Promise<boolean> {
  if (!buildIsStale(root)) return false;
  log("Building the page (dist/ is missing or older than its sources)...");
  const { build } = await import("vite");
  await build({ configFile: join(root, "vite.config.ts"), logLevel: "warn" });
  return true;
}
