/**
 * The layout rules of docs/ARCHITECTURE.md, checked: no import cycle
 * anywhere (type imports included), and no source file over 300 lines
 * (tests and test helpers excepted).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parseCircular, parseDependencyTree } from "dpdm";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const FOLDERS = ["shared", "server", "client/src", "cli", "bench", "e2e"];
const MAX_LINES = 300;

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

const all = FOLDERS.flatMap(sources);
const isTestCode = (path: string) => /\.(test|spec)\.tsx?$/.test(path) || /(^|\/)testing\//.test(path);

describe("the code's layout", () => {
  it("has no import cycle, type imports included", async () => {
    const tree = await parseDependencyTree(all, { context: root, transform: false, skipDynamicImports: false });
    const cycles = parseCircular(tree).map((cycle) => cycle.map((file) => relative(root, join(root, file))).join(" -> "));
    expect(cycles).toEqual([]);
  }, 60_000);

  it(`has no source file over ${MAX_LINES} lines (tests and test helpers excepted)`, () => {
    const long = all
      .filter((path) => !isTestCode(path))
      .map((path) => ({ path, lines: readFileSync(join(root, path), "utf8").split("\n").length - 1 }))
      .filter(({ lines }) => lines > MAX_LINES)
      .map(({ path, lines }) => `${path}: ${lines} lines`);
    expect(long).toEqual([]);
  });
});
