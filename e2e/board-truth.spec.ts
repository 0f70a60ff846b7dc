/**
 * The board never contradicts the tabs (issue 10): a lane stays through a
 * disconnect with its time away drawn, bots carry their scenario names, and
 * a message followed on the board lights up in every tab, and back.
 */
import { type Browser, expect, type Page, test } from "@playwright/test";
import { type RunningServer, startServer } from "../server/testing/process.ts";
import { closeTabs, newTab, openTabs } from "./tabs.ts";

const KEY = "teacher-key-for-board-truth";
let server: RunningServer;

test.beforeEach(async () => {
  server = await startServer(["--delay", "20", "--jitter", "300", "--seed", "3", "--key", KEY]);
});
// biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixtures a hook uses from this pattern.
test.afterEach(async ({}, testInfo) => {
  await closeTabs();
  await server.stop();
  if (testInfo.status !== testInfo.expectedStatus) console.log(`server output:\n${server.output()}`);
});

async function presenter(browser: Browser): Promise<Page> {
  const page = await newTab(browser, { viewport: { width: 1280, height: 720 } });
  await page.goto(`${server.httpUrl}board?key=${KEY}&view=present`);
  await expect(page.getByTestId("presenter")).toBeVisible();
  return page;
}

async function tab(browser: Browser): Promise<{ page: Page; id: string }> {
  const [page] = await openTabs(browser, server.httpUrl, 1);
  if (!page) throw new Error("a tab expected");
  return { page, id: (await page.getByTestId("worker-id").textContent()) ?? "" };
}

const send = (page: Page) => page.getByRole("button", { name: "Send", exact: true }).click();

test("a tab that leaves keeps its lane, drawn away, and the others stay online", async ({ browser }) => {
  const board = await presenter(browser);
  const stays = await tab(browser);
  const leaves = await tab(browser);
  await send(leaves.page);
  const lane = board.locator(`[data-testid="lane"][data-worker="${leaves.id}"]`);
  await expect(lane).toHaveAttribute("data-online", "true");
  await leaves.page.context().close();
  await expect(lane).toHaveAttribute("data-online", "false");
  await expect(lane.getByTestId("offline-span")).toHaveCount(1);
  await expect(lane).toContainText("away");
  await expect(board.locator(`[data-testid="lane"][data-worker="${stays.id}"]`)).toHaveAttribute("data-online", "true");
});

test("the disconnect scenario's lanes carry the scenario's names, and B's time away is drawn", async ({ browser }) => {
  const board = await presenter(browser);
  await board.keyboard.press("4");
  await expect(board.getByTestId("scenario-goal")).toContainText("B drops off");
  await expect(board.getByTestId("lane")).toHaveCount(2);
  await expect(board.getByTestId("lane").first()).toContainText("A");
  await expect(board.getByTestId("lane").nth(1)).toContainText("B");
  // B's lane keeps its span away after it is back.
  await expect(board.getByTestId("lane").nth(1).getByTestId("offline-span")).toHaveCount(1, { timeout: 60_000 });
  await expect(board.getByTestId("lane").nth(1)).toHaveAttribute("data-online", "true", { timeout: 60_000 });
  await expect(board.getByTestId("presenter-footer")).toContainText(/B/, { timeout: 60_000 });
});

test("a message followed on the board lights up in every tab, and one followed in a tab on the board", async ({ browser }) => {
  const board = await presenter(browser);
  const a = await tab(browser);
  const b = await tab(browser);
  for (let i = 0; i < 3; i++) {
    await send(a.page);
    await send(b.page);
  }
  await expect(b.page.getByTestId("delivered")).toHaveCount(6);
  await board.locator('[data-testid="seq-label"][data-seq="4"]').first().click();
  for (const { page } of [a, b]) {
    await expect(page.locator('[data-testid="delivered"][data-seq="4"]')).toHaveAttribute("data-followed", "true");
    await expect(page.locator('[data-followed="true"]:not([data-seq="4"])')).toHaveCount(0);
  }
  await a.page.locator('[data-testid="delivered"][data-seq="2"]').click();
  await expect(board.locator('[data-testid="seq-label"][data-seq="2"][data-followed="true"]').first()).toBeVisible();
  await expect(board.locator('[data-mark="downlink"][data-seq="2"][data-followed="true"]')).toHaveCount(2);
  await expect(board.locator('[data-followed="true"]:not([data-seq="2"])')).toHaveCount(0);
  await expect(board.getByTestId("presenter-footer")).toContainText("Following #2");
});
