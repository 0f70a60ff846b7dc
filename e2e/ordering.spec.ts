import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect, type Page, test } from "@playwright/test";
import { type RunningServer, startServer } from "../server/testing/process.ts";
import { deliveredOf, formatSeedLog, parseSeedLog } from "../shared/seed-format.ts";
import { closeTabs, newTab, openTabs } from "./tabs.ts";

let server: RunningServer;

test.beforeEach(async () => {
  // Jitter well above the click spacing, so stamped messages overtake each other.
  server = await startServer(["--delay", "20", "--jitter", "600", "--seed", "7"]);
});

// biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixtures a hook uses from this pattern.
test.afterEach(async ({}, testInfo) => {
  await closeTabs();
  await server.stop();
  // A failure is easier to read with what the server said.
  if (testInfo.status !== testInfo.expectedStatus) console.log(`server output:\n${server.output()}`);
});

function deliveredRows(page: Page): Promise<string[][]> {
  return page.getByTestId("delivered").evaluateAll((rows) => rows.map((row) => [row.dataset.seq ?? "", row.dataset.data ?? ""]));
}

async function exportLog(page: Page): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export log" }).click()]);
  return readFile(await download.path(), "utf8");
}

const deliveredLines = (log: string) => deliveredOf(parseSeedLog(log));

test("three tabs sending at once deliver one identical order, holding back early arrivals", async ({ browser }) => {
  const perTab = 8;
  const pages = await openTabs(browser, server.httpUrl, 3);
  await Promise.all(
    pages.map(async (page) => {
      for (let i = 0; i < perTab; i++) await page.getByRole("button", { name: "Send", exact: true }).click();
    }),
  );
  const total = pages.length * perTab;
  for (const page of pages) await expect(page.getByTestId("delivered-count")).toHaveText(String(total), { timeout: 60_000 });

  const rows = await Promise.all(pages.map(deliveredRows));
  expect(rows[0]?.map(([seq]) => Number(seq))).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  expect(rows[1]).toEqual(rows[0]);
  expect(rows[2]).toEqual(rows[0]);

  const digests = await Promise.all(pages.map((page) => page.getByTestId("order-digest").textContent()));
  expect(new Set(digests).size).toBe(1);

  const logs = await Promise.all(pages.map(exportLog));
  for (const log of logs) expect(deliveredLines(log)).toEqual(deliveredLines(logs[0] ?? ""));
  // The digest is documented as the SHA-256 of the Delivered lines: check it independently.
  const hash = createHash("sha256")
    .update(formatSeedLog(deliveredLines(logs[0] ?? "")))
    .digest("hex");
  expect(digests[0]).toBe(hash.slice(0, 12));
  // Every tab's own sends came back to it (and to everyone).
  for (const log of logs) {
    const sent = parseSeedLog(log).flatMap((line) => (line.kind === "sent" ? [line.data] : []));
    expect(sent).toHaveLength(perTab);
    for (const data of sent) expect(rows[0]?.some(([, d]) => d === data)).toBe(true);
  }
  const queued = logs.flatMap((log) => parseSeedLog(log).filter((line) => line.kind === "queued"));
  expect(queued.length).toBeGreaterThan(0);
});

test("a tab's own text reaches every tab, and a tab opened later catches up on the whole history", async ({ browser }) => {
  const [first, second] = await openTabs(browser, server.httpUrl, 2);
  if (!first || !second) throw new Error("two tabs expected");
  await first.getByRole("textbox", { name: "Message text" }).fill("hello from the front row");
  await first.getByRole("button", { name: "Send", exact: true }).click();
  await second.getByRole("button", { name: "Send", exact: true }).click();
  for (const page of [first, second]) await expect(page.getByTestId("delivered-count")).toHaveText("2", { timeout: 60_000 });
  await expect(second.locator('[data-testid="delivered"][data-data="hello from the front row"]')).toHaveCount(1);

  const [late] = await openTabs(browser, server.httpUrl, 1);
  if (!late) throw new Error("a late tab expected");
  await expect(late.getByTestId("delivered-count")).toHaveText("2");
  expect(await deliveredRows(late)).toEqual(await deliveredRows(first));
  await expect(late.getByTestId("order-digest")).toHaveText((await first.getByTestId("order-digest").textContent()) ?? "");
});

test("a tab embedded in another site's frame works, though the browser refuses it storage", async ({ browser }) => {
  // Found making the screenshots: sessionStorage throws in a third-party frame, and the page stayed blank.
  const page = await newTab(browser);
  await page.setContent(`<iframe title="tab" src="${server.httpUrl}" width="900" height="600"></iframe>`);
  const tab = page.frameLocator("iframe");
  await expect(tab.getByTestId("worker-id")).toHaveText(/^\d+$/);
  await tab.getByRole("button", { name: "Send", exact: true }).click();
  await expect(tab.getByTestId("delivered-count")).toHaveText("1");
});
