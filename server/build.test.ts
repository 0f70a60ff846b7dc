import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildIsStale, ensureBuilt } from "./build.ts";

const root = join(import.meta.dirname, "..");
const out = mkdtempSync(join(tmpdir(), "ordercast-build-"));

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("the page build", () => {
  it("is React's production build even when a test runner set NODE_ENV=test", async () => {
    // Found in the e2e suite: a server started by vitest built a development bundle, several times slower.
    expect(process.env.NODE_ENV).toBe("test");
    expect(await ensureBuilt(root, () => {}, out)).toBe(true);
    const scripts = readdirSync(join(out, "assets")).filter((name) => name.endsWith(".js"));
    expect(scripts.length).toBeGreaterThan(0);
    for (const name of scripts) expect(readFileSync(join(out, "assets", name), "utf8")).not.toContain("jsxDEV");
    expect(process.env.NODE_ENV).toBe("test");
    expect(buildIsStale(root, out)).toBe(false);
  }, 120_000);
});
