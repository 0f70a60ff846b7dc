/**
 * Makes the README's screenshots: `npm run screenshot`. Starts the server with
 * its defaults, puts three worker tabs side by side, lets each auto-send for a
 * while, and writes docs/three-tabs.png; then docs/board.png, the teacher's
 * board of the same room at 1280×720; then docs/presenter.png, the presenter
 * view at 1280×720 after the reordering scenario, following message #4.
 */
import { chromium } from "@playwright/test";
import { CHROMIUM_ARGS, chromiumExecutable } from "../e2e/browser.ts";
import { startServer } from "../server/testing/process.ts";

const server = await startServer(["--seed", "2", "--key", "screenshot-key"]);
const executablePath = chromiumExecutable();
const browser = await chromium.launch({ args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) });
try {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  const frame = (i: number) => `<iframe title="tab ${i}" src="${server.httpUrl}"></iframe>`;
  await page.setContent(
    `<style>body{margin:0;display:flex;gap:6px;background:#999}iframe{flex:1;height:1080px;border:0;background:white}</style>${[1, 2, 3].map(frame).join("")}`,
  );
  const tabs = page.frames().slice(1);
  for (const tab of tabs) await tab.getByTestId("worker-id").filter({ hasText: /\d/ }).waitFor();
  for (const tab of tabs) {
    await tab.getByRole("combobox", { name: "Auto rate" }).selectOption("2");
    await tab.getByRole("checkbox", { name: "Auto" }).check();
  }
  // Wait until the queue is visibly at work in some tab, with a decent history behind it.
  await Promise.any(
    tabs.map((tab) =>
      tab.waitForFunction(
        () =>
          document.querySelectorAll('[data-testid="queued"]').length >= 2 &&
          document.querySelectorAll('[data-testid="delivered"]').length >= 25,
        undefined,
        { timeout: 60_000, polling: 20 },
      ),
    ),
  );
  await page.screenshot({ path: "docs/three-tabs.png" });
  console.log("wrote docs/three-tabs.png");

  const board = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await board.goto(`${server.httpUrl}board?key=screenshot-key`);
  await board.getByTestId("lane").nth(2).waitFor();
  await board.getByRole("button", { name: "Pause" }).click();
  await board.getByTestId("flight").nth(3).waitFor({ timeout: 30_000 });
  // Pressing Pause scrolled the page; the screenshot shows its top, as a projector would.
  await board.evaluate(() => window.scrollTo(0, 0));
  await board.screenshot({ path: "docs/board.png" });
  console.log("wrote docs/board.png");

  const presenter = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await presenter.goto(`${server.httpUrl}board?room=lesson&key=screenshot-key&view=present`);
  await presenter.getByTestId("spacetime").waitFor();
  await presenter.keyboard.press("1");
  await presenter.getByTestId("presenter-footer").filter({ hasText: "same" }).waitFor({ timeout: 180_000 });
  // `f` follows the message after the one followed, which the sequencer relays back: one press per relay.
  for (let seq = 1; seq <= 4; seq++) {
    await presenter.keyboard.press("f");
    await presenter
      .getByTestId("presenter-footer")
      .filter({ hasText: `Following #${seq}` })
      .waitFor();
  }
  await presenter.screenshot({ path: "docs/presenter.png" });
  console.log("wrote docs/presenter.png");
} finally {
  await browser.close();
  await server.stop();
}
