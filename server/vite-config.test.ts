/** What --dev's Vite file server may hand out: the page's sources, never the log. */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const logDir = join(root, "data", `vite-fs-check-${process.pid}`);
let http: Server;
let close: () => Promise<void>;
let base = "";

beforeAll(async () => {
  mkdirSync(logDir, { recursive: true });
  writeFileSync(join(logDir, "sequencer.log"), "secret cids\n");
  const { createServer: createVite } = await import("vite");
  const vite = await createVite({
    configFile: join(root, "vite.config.ts"),
    server: { middlewareMode: true, hmr: false, watch: null },
    appType: "spa",
    logLevel: "silent",
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  http = createServer(vite.middlewares);
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  close = async () => {
    await vite.close();
    await new Promise((resolve) => http.close(resolve));
  };
}, 30_000);

afterAll(async () => {
  await close?.();
  rmSync(logDir, { recursive: true, force: true });
});

it("refuses the durable log and the repository's other files through /@fs/", async () => {
  expect((await fetch(`${base}/@fs${logDir}/sequencer.log`)).status).toBe(403);
  expect((await fetch(`${base}/@fs${root}/package.json`)).status).toBe(403);
});

it("still serves the page's own sources and the shared code", async () => {
  expect((await fetch(`${base}/@fs${join(root, "shared", "random.ts")}`)).status).toBe(200);
  expect((await fetch(`${base}/src/main.tsx`)).status).toBe(200);
});
