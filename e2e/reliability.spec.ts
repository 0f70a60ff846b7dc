import { mkdtempSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { freePort, type RunningServer, type ServerOptions, startServer } from "../server/testing/process.ts";
import { check } from "../shared/checker.ts";
import { parseHistory } from "../shared/history.ts";
import { closeTabs, openTabs } from "./tabs.ts";

const servers: RunningServer[] = [];
test.afterEach(async () => {
  await closeTabs();
  for (const server of servers.splice(0)) await server.stop();
});

async function start(flags: string[], options: ServerOptions = {}): Promise<RunningServer> {
  const server = await startServer(flags, options);
  servers.push(server);
  return server;
}

const send = (page: Page) => page.getByRole("button", { name: "Send", exact: true }).click();
const count = async (page: Page, testId: string) => Number(await page.getByTestId(testId).textContent());

async function exportHistory(page: Page): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export history" }).click()]);
  return readFile(await download.path(), "utf8");
}

test("tabs repair a lossy, duplicating network: NACKs, resends and ignored duplicates, and still one order", async ({ browser }) => {
  const server = await start(["--delay", "20", "--jitter", "300", "--loss", "0.25", "--dup", "0.25", "--seed", "5"]);
  const pages = await openTabs(browser, server.httpUrl, 2);
  for (const page of pages) await expect(page.getByRole("region", { name: "Repairs" })).toContainText("loses 25%");
  for (let i = 0; i < 10; i++) for (const page of pages) await send(page);
  for (const page of pages) await expect(page.getByTestId("delivered-count")).toHaveText("20", { timeout: 60_000 });

  const digests = await Promise.all(pages.map((page) => page.getByTestId("order-digest").textContent()));
  expect(digests[0]).toBe(digests[1]);
  const total = async (testId: string) => (await Promise.all(pages.map((page) => count(page, testId)))).reduce((a, b) => a + b, 0);
  expect(await total("nack-count")).toBeGreaterThan(0);
  expect(await total("repaired-count")).toBeGreaterThan(0);
  expect(await total("duplicate-count")).toBeGreaterThan(0);

  // The exported histories pass the checker.
  const histories = await Promise.all(
    pages.map(async (page, i) => ({ name: `tab ${i + 1}`, records: parseHistory(await exportHistory(page)) })),
  );
  const report = check(histories);
  expect(report.examples).toEqual([]);
  expect(report).toMatchObject({ ok: true, sent: 20 });
});

test("a tab rides out a server restart on the durable log: it reconnects, resumes, and keeps its id", async ({ browser }) => {
  // The second server must come back on the first one's port, where the tab reconnects.
  const port = await freePort();
  const data = mkdtempSync(join(tmpdir(), "ordercast-e2e-"));
  const flags = ["--data", data, "--delay", "0", "--jitter", "50"];
  const first = await start(flags, { port });
  const [page] = await openTabs(browser, first.httpUrl, 1);
  if (!page) throw new Error("a tab expected");
  const id = await page.getByTestId("worker-id").textContent();
  for (let i = 0; i < 3; i++) await send(page);
  await expect(page.getByTestId("delivered-count")).toHaveText("3");

  await first.stop();
  servers.splice(servers.indexOf(first), 1);
  await expect(page.getByTestId("status")).toContainText("reconnecting");
  await expect(page.getByRole("button", { name: "Send", exact: true })).toBeDisabled();

  const second = await start(flags, { port });
  await expect.poll(() => second.output()).toMatch(/seq 3 so far/);
  await expect(page.getByTestId("status")).toContainText("connected", { timeout: 60_000 });
  await send(page);
  await expect(page.getByTestId("delivered-count")).toHaveText("4");
  await expect(page.getByTestId("worker-id")).toHaveText(id ?? "");
  const seqs = await page.getByTestId("delivered").evaluateAll((rows) => rows.map((row) => Number(row.dataset.seq)));
  expect(seqs).toEqual([1, 2, 3, 4]);

  // A tab opened now catches up on the whole history, from the log.
  const [late] = await openTabs(browser, second.httpUrl, 1);
  await expect(late?.getByTestId("delivered-count") ?? page.getByTestId("none")).toHaveText("4");
  await expect(late?.getByTestId("order-digest") ?? page.getByTestId("none")).toHaveText(
    (await page.getByTestId("order-digest").textContent()) ?? "",
  );
});
