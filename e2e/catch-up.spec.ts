/**
 * A tab that joins a room with a long history catches up in batches
 * (docs/PROTOCOL.md, section 4.15) and ends with the same sequence as the
 * tabs that were there, live messages sent during its catch-up included.
 */
import { expect, type Page, test } from "@playwright/test";
import { writeHistory } from "../bench/history.ts";
import { type RunningServer, startServer } from "../server/testing/process.ts";
import { closeTabs, newTab } from "./tabs.ts";

const HISTORY = 20_000;

let server: RunningServer | null = null;
test.afterEach(async () => {
  await closeTabs();
  await server?.stop();
  server = null;
});

const send = (page: Page) => page.getByRole("button", { name: "Send", exact: true }).click();

test("a tab joining late gets the history in batches and delivers the same sequence as the others", async ({ browser }) => {
  server = await startServer(["--data", writeHistory(HISTORY), "--delay", "20", "--jitter", "200", "--seed", "3"]);
  const early = await newTab(browser);
  await early.goto(server.httpUrl);
  await expect(early.getByTestId("delivered-count")).toHaveText(String(HISTORY), { timeout: 60_000 });
  for (let i = 0; i < 3; i++) await send(early);

  const late = await newTab(browser);
  const frames = { batch: 0, stamped: 0 };
  late.on("websocket", (ws) =>
    ws.on("framereceived", ({ payload }) => {
      if (typeof payload !== "string") return;
      if (payload.startsWith('{"type":"batch"')) frames.batch++;
      else if (payload.startsWith('{"type":"stamped"')) frames.stamped++;
    }),
  );
  await late.goto(server.httpUrl);
  // Live messages while the late tab catches up: they overtake its history, and it must still deliver in order.
  for (let i = 0; i < 3; i++) await send(early);
  const total = String(HISTORY + 6);
  for (const page of [early, late]) await expect(page.getByTestId("delivered-count")).toHaveText(total, { timeout: 60_000 });

  expect(await late.getByTestId("order-digest").textContent()).toBe(await early.getByTestId("order-digest").textContent());
  // The long delivered list followed its end all the way: with the page scrolled to the list, the last message is in view.
  await late.getByRole("region", { name: "Delivered messages" }).scrollIntoViewIfNeeded();
  await expect(late.locator(`[data-testid="delivered"][data-seq="${total}"]`)).toBeInViewport();
  // The history came in batches of thousands (live messages one by one, or a few to a batch).
  expect(frames.batch).toBeGreaterThanOrEqual(HISTORY / 4096);
  expect(frames.batch).toBeLessThan(HISTORY / 100);
  expect(frames.stamped).toBeLessThan(50);
});
