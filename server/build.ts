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

/** True when `outDir`/index.html is missing or older than a source file. */
export function buildIsStale(root: string, outDir = join(root, "dist")): boolean {
  const index = join(outDir, "index.html");
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return SOURCES.some((source) => newestSource(join(root, source)) > built);
}

/** Builds the page with Vite when it is stale (into dist/, or `outDir`). Returns whether it built. */
export async function ensureBuilt(root: string, log: (line: string) => void, outDir = join(root, "dist")): Promise<boolean> {
  if (!buildIsStale(root, outDir)) return false;
  log("Building the page (dist/ is missing or older than its sources)...");
  const { build } = await import("vite");
  // Always React's production build: a server started by a test runner inherits NODE_ENV=test,
  // which would otherwise leave a development build (several times slower) for every later page.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({ configFile: join(root, "vite.config.ts"), logLevel: "warn", mode: "production", build: { outDir, emptyOutDir: true } });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  return true;
}
