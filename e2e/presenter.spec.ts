import AxeBuilder from "@axe-core/playwright";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { type RunningServer, startServer } from "../server/testing/process.ts";
import { type ProtocolSender, protocolSender } from "./protocol-senders.ts";
import { closeTabs, newTab } from "./tabs.ts";

const KEY = "teacher-key-for-presenter";
let server: RunningServer;
const senders: ProtocolSender[] = [];

test.beforeEach(async () => {
  server = await startServer(["--delay", "20", "--jitter", "400", "--seed", "5", "--key", KEY]);
});
test.afterEach(async () => {
  for (const sender of senders.splice(0)) sender.close();
  await closeTabs();
  await server.stop();
});

async function presenter(browser: Browser, viewport = { width: 1280, height: 720 }): Promise<Page> {
  const page = await newTab(browser, { viewport });
  await page.goto(`${server.httpUrl}board?key=${KEY}&view=present`);
  await expect(page.getByTestId("presenter")).toBeVisible();
  return page;
}

/**
 * Three protocol workers in the room send `count` messages between them, one
 * at a time, each after the last was acknowledged: spread out in time, as a
 * class sends. The board must watch first: it sees what workers receive from then on.
 */
async function fill(count: number): Promise<void> {
  while (senders.length < 3) senders.push(await protocolSender(server.wsUrl));
  for (let i = 0; i < count; i++) await senders[i % 3]?.send(1);
}

const labelBoxes = (page: Page) =>
  page.getByTestId("seq-label").evaluateAll((labels) =>
    labels.map((label) => {
      const box = label.getBoundingClientRect();
      return {
        seq: label.getAttribute("data-seq"),
        left: box.left,
        right: box.right,
        top: box.top,
        bottom: box.bottom,
        size: getComputedStyle(label).fontSize,
      };
    }),
  );

test("the presenter view fills the screen with the diagram, in type readable from the back", async ({ browser }) => {
  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 1920, height: 1080 },
  ]) {
    const page = await presenter(browser, viewport);
    const box = await page.getByTestId("spacetime").boundingBox();
    expect(box?.width).toBeGreaterThan(viewport.width * 0.95);
    expect(box?.height).toBeGreaterThan(viewport.height * 0.7);
    // Nothing scrolls: the whole view is on the screen.
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(viewport.height);
  }
  const page = await presenter(browser);
  await fill(12);
  await expect(page.getByTestId("seq-label").first()).toBeVisible();
  const sizes = await page.getByTestId("presenter").evaluate((root) => {
    const small: string[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      if (!element || !node.textContent?.trim()) continue;
      const size = Number.parseFloat(getComputedStyle(element).fontSize);
      if (size < 20) small.push(`${node.textContent.trim()} (${size}px)`);
    }
    return small;
  });
  expect(sizes).toEqual([]);
});

test("with 30 messages in view at 1280×720, no two seq labels overlap and none is under 16 px", async ({ browser }) => {
  const page = await presenter(browser);
  await fill(45);
  await expect(page.getByTestId("spacetime")).toHaveAttribute("data-last", "45");
  await expect(page.getByTestId("spacetime")).toHaveAttribute("data-first", "16");
  await expect(page.locator('[data-testid="seq-label"][data-lane="sequencer"]')).not.toHaveCount(0);
  const boxes = await labelBoxes(page);
  // At least 16 px anywhere; the presenter view draws them at 22 px.
  for (const box of boxes) expect(Number.parseFloat(box.size)).toBeGreaterThanOrEqual(20);
  const overlaps = boxes.flatMap((a, i) =>
    boxes
      .slice(i + 1)
      .filter((b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
      .map((b) => `${a.seq}/${b.seq}`),
  );
  expect(overlaps).toEqual([]);
  // The sequencer's lane has room for nearly every stamp's label.
  expect(await page.locator('[data-testid="seq-label"][data-lane="sequencer"]').count()).toBeGreaterThanOrEqual(20);
  expect(boxes.length).toBeGreaterThan(30);
});

test("the teacher zooms and pans by messages, and goes back to live", async ({ browser }) => {
  const page = await presenter(browser);
  await fill(60);
  const diagram = page.getByTestId("spacetime");
  await expect(diagram).toHaveAttribute("data-last", "60");
  await page.keyboard.press("+");
  await expect(diagram).toHaveAttribute("data-first", "41");
  await page.keyboard.press("[");
  await expect(diagram).toHaveAttribute("data-last", "50");
  await expect(diagram).toHaveAttribute("data-live", "false");
  await page.keyboard.press("-");
  await expect(diagram).toHaveAttribute("data-first", "21");
  await page.keyboard.press("End");
  await expect(diagram).toHaveAttribute("data-last", "60");
  await expect(diagram).toHaveAttribute("data-live", "true");
});

test("following a message lights every mark of it and fades the rest; Esc lets go", async ({ browser }) => {
  const page = await presenter(browser);
  await fill(9);
  await page.locator('[data-testid="seq-label"][data-seq="5"]').first().click();
  const marks = page.locator('[data-followed="true"]');
  // The stamp, three downlinks, three deliveries, and its labels.
  await expect.poll(() => marks.count()).toBeGreaterThanOrEqual(7);
  expect(await marks.evaluateAll((all) => all.every((m) => m.getAttribute("data-seq") === "5"))).toBe(true);
  await expect(page.getByTestId("presenter-footer")).toContainText("Following #5");
  const faded = await page.locator('[data-mark="downlink"]:not([data-followed="true"])').first().getAttribute("opacity");
  expect(Number(faded)).toBeLessThan(0.5);
  await page.keyboard.press("f");
  await expect(page.getByTestId("presenter-footer")).toContainText("Following #6");
  await page.keyboard.press("Escape");
  await expect(marks).toHaveCount(0);
});

test("the presenter keys: ? lists them, space pauses, → steps, 1 runs a scenario, o toggles the ordering, r asks, p leaves", async ({
  browser,
}) => {
  const page = await presenter(browser);
  await page.keyboard.press("?");
  const help = page.getByTestId("keys-help");
  for (const key of ["Space", "→", "PageDown", "PageUp", "f", "o", "r", "p"])
    await expect(help.locator("kbd", { hasText: new RegExp(`^${key}$`) })).toHaveCount(1);
  await page.keyboard.press("Escape");
  await expect(help).toHaveCount(0);

  await fill(3);
  await expect(page.getByTestId("spacetime")).toHaveAttribute("data-last", "3");
  await page.keyboard.press("r");
  await expect(page.getByRole("alertdialog", { name: "Reset the room?" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("alertdialog")).toHaveCount(0);
  await expect(page.getByTestId("spacetime")).toHaveAttribute("data-last", "3");
  await page.keyboard.press("r");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("spacetime")).toHaveAttribute("data-last", "0");
  for (const sender of senders.splice(0)) sender.close();

  await page.keyboard.press(" ");
  await expect(page.getByTestId("paused")).toBeVisible();
  await page.keyboard.press("PageUp");
  await expect(page.getByTestId("paused")).toHaveCount(0);

  await page.keyboard.press("1");
  await expect(page.getByTestId("scenario-goal")).toContainText("Reordering");
  await expect(page.getByTestId("lane")).toHaveCount(3);
  // → (here PageDown) first pauses a running network, then delivers one message in flight at a time.
  const inFlight = page.locator('[data-testid=spacetime] [data-mark="in-flight"]');
  await expect(inFlight.first()).toBeVisible();
  await page.keyboard.press("PageDown");
  await expect(page.getByTestId("paused")).toBeVisible();
  // Each step lands the soonest message in flight: a send reaches the sequencer (a new stamp), or a stamped one a
  // worker. (One that changes nothing, a resend of a send already stamped, may come first on a slow machine.)
  const landed = () => page.locator('[data-testid=spacetime] :is([data-mark="stamp"], [data-mark="downlink"])').count();
  const before = await landed();
  await expect(async () => {
    await page.keyboard.press("ArrowRight");
    expect(await landed()).toBeGreaterThan(before);
  }).toPass();

  await page.keyboard.press("o");
  await expect(page.getByRole("alertdialog", { name: /Switch to no ordering/ })).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("board-mode")).toContainText(/no ordering/i);
  await page.keyboard.press("o");
  await page.keyboard.press("Escape");
  await expect(page.getByRole("alertdialog")).toHaveCount(0);
  await expect(page.getByTestId("board-mode")).toContainText(/no ordering/i);
  await page.keyboard.press("o");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("board-mode")).toContainText(/total/i);

  await page.keyboard.press("p");
  await expect(page.getByTestId("presenter")).toHaveCount(0);
  expect(new URL(page.url()).searchParams.get("view")).toBeNull();
  await page.keyboard.press("p");
  await expect(page.getByTestId("presenter")).toBeVisible();
  expect(new URL(page.url()).searchParams.get("view")).toBe("present");
});

test("the presenter view and the board have no serious accessibility violations", async ({ browser }) => {
  const page = await presenter(browser);
  await fill(9);
  await expect(page.getByTestId("seq-label").first()).toBeVisible();
  for (const view of ["presenter", "desk"]) {
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => `${view}: ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
    await page.keyboard.press("p");
  }
});
