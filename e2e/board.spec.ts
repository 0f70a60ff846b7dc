import { readFile } from "node:fs/promises";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { type RunningServer, startServer } from "../server/testing/process.ts";
import { deliveredOf, parseSeedLog } from "../shared/seed-format.ts";
import { closeTabs, newTab, openTabs as openTabsAt } from "./tabs.ts";

const KEY = "teacher-key-for-e2e";
let server: RunningServer;

test.beforeEach(async () => {
  server = await startServer(["--delay", "20", "--jitter", "600", "--seed", "11", "--key", KEY]);
});
test.afterEach(async () => {
  await closeTabs();
  await server.stop();
});

/** Tabs in `room` (the default one unless named). */
const openTabs = (browser: Browser, count: number, room = "default") =>
  openTabsAt(browser, `${server.httpUrl}${room === "default" ? "" : `?room=${room}`}`, count);

async function openBoard(browser: Browser, key?: string, room = "default"): Promise<Page> {
  const page = await newTab(browser, { viewport: { width: 1280, height: 720 } });
  const query = new URLSearchParams({ ...(room === "default" ? {} : { room }), ...(key ? { key } : {}) }).toString();
  await page.goto(`${server.httpUrl}board${query ? `?${query}` : ""}`);
  await expect(page.getByRole("status").filter({ hasText: "live" })).toBeVisible();
  return page;
}

const send = (page: Page) => page.getByRole("button", { name: "Send", exact: true }).click();

test("every tab in the room is a lane on the board, and the badge reports agreement", async ({ browser }) => {
  const tabs = await openTabs(browser, 3);
  const board = await openBoard(browser);
  const ids = await Promise.all(tabs.map((tab) => tab.getByTestId("worker-id").textContent()));
  for (const id of ids) await expect(board.locator(`[data-testid="lane"][data-worker="${id}"]`)).toHaveCount(1);
  for (let i = 0; i < 4; i++) for (const tab of tabs) await send(tab);
  await expect(board.getByTestId("agreement")).toHaveText("all 3 workers agree up to #12", { timeout: 60_000 });
  await expect(board.getByTestId("agreement")).toHaveAttribute("data-agree", "true");
  // The board's digests are the tabs' digests.
  const digests = await Promise.all(tabs.map((tab) => tab.getByTestId("order-digest").textContent()));
  await expect(board.getByTestId("board-digest")).toHaveText([digests[0] ?? "", digests[0] ?? "", digests[0] ?? ""]);
  await expect(board.getByTestId("join-link")).toHaveAttribute("href", /^http:\/\/.+\/$/);
  await expect(board.getByRole("img", { name: /QR code for http/ })).toBeVisible();
});

test("without the teacher key the board cannot change the room's settings", async ({ browser }) => {
  const [tab] = await openTabs(browser, 1);
  if (!tab) throw new Error("a tab expected");
  const board = await openBoard(browser);
  await board.getByRole("spinbutton", { name: "Delay" }).fill("900");
  await board.getByRole("button", { name: "Apply network" }).click();
  await expect(board.getByTestId("board-error")).toContainText("KEY_REQUIRED");
  await board.getByRole("textbox", { name: "Teacher key" }).fill("a-wrong-guess");
  await board.getByRole("button", { name: "Reset room" }).click();
  await expect(board.getByTestId("board-error")).toContainText("KEY_REQUIRED");
  await expect(tab.getByRole("definition").filter({ hasText: "ms +" })).toContainText("20 ms");

  // With the key, the same change goes through and every tab sees it.
  await board.getByRole("textbox", { name: "Teacher key" }).fill(KEY);
  await board.getByRole("spinbutton", { name: "Delay" }).fill("900");
  await board.getByRole("button", { name: "Apply network" }).click();
  await expect(tab.getByRole("definition").filter({ hasText: "ms +" })).toContainText("900 ms");
});

test("a teacher key typed into the board is kept for that tab across a reload", async ({ browser }) => {
  const [tab] = await openTabs(browser, 1);
  if (!tab) throw new Error("a tab expected");
  const board = await openBoard(browser);
  await board.getByRole("textbox", { name: "Teacher key" }).fill(KEY);
  await board.reload();
  await expect(board.getByRole("textbox", { name: "Teacher key" })).toHaveValue(KEY);
  // And it is the key in use: a change goes through, and the tab sees it.
  await board.getByRole("spinbutton", { name: "Delay" }).fill("700");
  await board.getByRole("button", { name: "Apply network" }).click();
  await expect(tab.getByRole("definition").filter({ hasText: "ms +" })).toContainText("700 ms");
});

test("with ordering off, the board detects that the workers' orders diverge", async ({ browser }) => {
  const tabs = await openTabs(browser, 3);
  const board = await openBoard(browser, KEY);
  // Jitter far above the time between sends, however slow the machine clicks.
  await board.getByRole("spinbutton", { name: "Jitter" }).fill("2500");
  await board.getByRole("button", { name: "Apply network" }).click();
  await board.getByRole("combobox", { name: "Ordering" }).selectOption("none");
  for (const tab of tabs) await expect(tab.getByTestId("mode")).toHaveText("none (on arrival)");
  for (let i = 0; i < 10; i++) await Promise.all(tabs.map(send));
  for (const tab of tabs) await expect(tab.getByTestId("delivered-count")).toHaveText("30", { timeout: 60_000 });
  await expect(board.getByTestId("agreement")).toHaveAttribute("data-agree", "false", { timeout: 60_000 });
  await expect(board.getByTestId("agreement")).toContainText("differ at delivery #");
  const digests = new Set(await Promise.all(tabs.map((tab) => tab.getByTestId("order-digest").textContent())));
  expect(digests.size).toBeGreaterThan(1);

  // Back to the sequencer: the room starts afresh, and the orders agree again.
  await board.getByRole("combobox", { name: "Ordering" }).selectOption("total");
  for (const tab of tabs) await expect(tab.getByTestId("mode")).toHaveText("total (sequencer)");
  for (let i = 0; i < 3; i++) for (const tab of tabs) await send(tab);
  await expect(board.getByTestId("agreement")).toHaveText("all 3 workers agree up to #9", { timeout: 60_000 });
});

test("the teacher pauses the network, steps a message along, and holds one back", async ({ browser }) => {
  const [tab] = await openTabs(browser, 1);
  if (!tab) throw new Error("a tab expected");
  const board = await openBoard(browser, KEY);
  const flight = (text: string) => board.getByTestId("flight").filter({ hasText: text });
  await board.getByRole("button", { name: "Pause" }).click();
  await expect(board.getByRole("heading", { name: /Network\s*paused/ })).toBeVisible();
  await send(tab);
  // The send waits on its way up; a step lets it reach the sequencer, which stamps it #1.
  await expect(flight("send 1 → sequencer")).not.toHaveCount(0);
  await board.getByRole("button", { name: "Step" }).click();
  await expect(flight("#1 → Process")).toHaveCount(1);
  await expect(tab.getByTestId("delivered-count")).toHaveText("0");
  await flight("#1 → Process").getByRole("button", { name: "Deliver now" }).click();
  await expect(tab.getByTestId("delivered-count")).toHaveText("1");

  // Hold #2 on its way down: while the network is paused it stays; released, it lands on resume.
  await send(tab);
  await flight("send 2 → sequencer").first().getByRole("button", { name: "Deliver now" }).click();
  await flight("#2 → Process").getByRole("button", { name: "Hold" }).click();
  await expect(flight("#2 → Process")).toHaveAttribute("data-held", "true");
  await expect(tab.getByTestId("delivered-count")).toHaveText("1");
  await flight("#2 → Process").getByRole("button", { name: "Release" }).click();
  await expect(flight("#2 → Process")).toHaveAttribute("data-held", "false");
  await expect(tab.getByTestId("delivered-count")).toHaveText("1");
  await board.getByRole("button", { name: "Resume" }).click();
  await expect(tab.getByTestId("delivered-count")).toHaveText("2");
});

test("a tab that falls behind says so without moving its Send button", async ({ browser }) => {
  const [ahead, behind] = await openTabs(browser, 2);
  if (!ahead || !behind) throw new Error("two tabs expected");
  const board = await openBoard(browser, KEY);
  const flight = (text: string) => board.getByTestId("flight").filter({ hasText: text });
  const sendButton = behind.getByRole("button", { name: "Send", exact: true });
  const before = await sendButton.boundingBox();
  await board.getByRole("button", { name: "Pause" }).click();
  await expect(board.getByRole("heading", { name: /Network\s*paused/ })).toBeVisible();
  await send(ahead);
  await flight("send 1 → sequencer").first().getByRole("button", { name: "Deliver now" }).click();
  // #1 reaches one tab and waits on its way to the other: that one is 1 behind.
  const aheadId = await ahead.getByTestId("worker-id").textContent();
  await flight(`#1 → Process ${aheadId}`).getByRole("button", { name: "Deliver now" }).click();
  await expect(ahead.getByTestId("delivered-count")).toHaveText("1");
  await expect(behind.locator(".lag")).toBeVisible();
  await expect(behind.locator(".lag")).toHaveText("· 1 behind");
  // Found in a stress run: the header grew a line as a tab fell behind, and a click meant for Send hit the queue's heading.
  expect(await sendButton.boundingBox()).toEqual(before);
  await board.getByRole("button", { name: "Resume" }).click();
  await expect(behind.getByTestId("delivered-count")).toHaveText("1");
  await expect(behind.locator(".lag")).toBeHidden();
  expect(await sendButton.boundingBox()).toEqual(before);
});

test("the teacher makes every tab send, and stops it", async ({ browser }) => {
  const tabs = await openTabs(browser, 2);
  const board = await openBoard(browser, KEY);
  await board.getByRole("combobox", { name: "Auto-send for all" }).selectOption("5");
  for (const tab of tabs) await expect(tab.getByRole("checkbox", { name: "Auto" })).toBeChecked();
  for (const tab of tabs) {
    await expect.poll(async () => Number(await tab.getByTestId("delivered-count").textContent()), { timeout: 60_000 }).toBeGreaterThan(6);
  }
  await board.getByRole("combobox", { name: "Auto-send for all" }).selectOption("0");
  for (const tab of tabs) await expect(tab.getByRole("checkbox", { name: "Auto" })).not.toBeChecked();
});

test("a scenario runs to its documented end, and a student tab sees it", async ({ browser }) => {
  const [tab] = await openTabs(browser, 1);
  if (!tab) throw new Error("a tab expected");
  const board = await openBoard(browser, KEY);
  await board.getByRole("combobox", { name: "Scenario" }).selectOption("lost-message");
  await expect(board.getByRole("region", { name: "Scenarios" })).toContainText("The network loses stamped message #3");
  await board.getByRole("button", { name: "Run scenario" }).click();
  await expect(board.getByTestId("scenario-status")).toHaveAttribute("data-state", "done", { timeout: 60_000 });
  await expect(board.getByTestId("scenario-status")).toContainText(/B lost #3, asked for it again .* both delivered the same 6 messages/);
  await expect(board.getByTestId("agreement")).toContainText("agree up to #6");
  await expect(tab.getByTestId("delivered-count")).toHaveText("6");
});

test("the board exports the whole run and each worker's log in the seed's format", async ({ browser }) => {
  const tabs = await openTabs(browser, 2);
  // Exports need the teacher key: a board without it offers none.
  const keyless = await openBoard(browser);
  await expect(keyless.getByRole("link", { name: "Export the run (JSON lines)" })).toHaveCount(0);
  const board = await openBoard(browser, KEY);
  for (let i = 0; i < 3; i++) for (const tab of tabs) await send(tab);
  await expect(board.getByTestId("agreement")).toHaveText("all 2 workers agree up to #6", { timeout: 60_000 });

  const download = async (link: ReturnType<Page["getByRole"]>) => {
    const [file] = await Promise.all([board.waitForEvent("download"), link.click()]);
    return readFile(await file.path(), "utf8");
  };
  const run = (await download(board.getByRole("link", { name: "Export the run (JSON lines)" })))
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  expect(run[0]).toMatchObject({ room: "default", lastSeq: 6 });
  expect(run.filter((e) => e.event === "delivered")).toHaveLength(12);

  const [first] = tabs;
  if (!first) throw new Error("a tab expected");
  const id = await first.getByTestId("worker-id").textContent();
  const boardLog = await download(board.getByRole("link", { name: `Export the log of Process ${id}` }));
  const [tabFile] = await Promise.all([first.waitForEvent("download"), first.getByRole("button", { name: "Export log" }).click()]);
  const tabLog = await readFile(await tabFile.path(), "utf8");
  const delivered = (log: string) => deliveredOf(parseSeedLog(log));
  expect(parseSeedLog(boardLog)[0]).toEqual({ kind: "joined", workerId: Number(id) });
  expect(delivered(boardLog)).toEqual(delivered(tabLog));
  expect(delivered(boardLog)).toHaveLength(6);
});

test("rooms keep classes apart", async ({ browser }) => {
  const [a] = await openTabs(browser, 1, "physics");
  const [b] = await openTabs(browser, 1, "history");
  if (!a || !b) throw new Error("two tabs expected");
  await expect(a.getByTestId("room")).toHaveText("physics");
  await send(a);
  await send(a);
  await send(b);
  await expect(a.getByTestId("delivered-count")).toHaveText("2");
  await expect(b.getByTestId("delivered-count")).toHaveText("1");
  const board = await openBoard(browser, undefined, "history");
  await expect(board.getByTestId("lane")).toHaveCount(1);
  await expect(board.getByTestId("agreement")).toHaveText("all 1 worker agree up to #1");
});

test("the board fits a projector at 1280×720 and a phone without sideways scrolling", async ({ browser }) => {
  await openTabs(browser, 2);
  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 390, height: 844 },
  ]) {
    const page = await newTab(browser, { viewport });
    for (const path of ["board", ""]) {
      await page.goto(`${server.httpUrl}${path}`);
      await expect(page.getByRole("status").first()).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${path || "tab"} at ${viewport.width}px`).toBeLessThanOrEqual(0);
    }
  }
});
