/**
 * Issue 10 through the DOM contract: order colours that never lie, following
 * one message from any tab, honest lanes with ordering off, and a lane that
 * stays through a disconnect. The teacher's side is played by a plain
 * WebSocket that watches the room (and holds the key).
 */
import { expect, type Page, test } from "@playwright/test";
import { WebSocket } from "ws";
import { type RunningServer, startServer } from "../server/testing/process.ts";
import { type Board, parseServerFrame } from "../shared/protocol.ts";
import { protocolSender } from "./protocol-senders.ts";
import { closeTabs, openTabs } from "./tabs.ts";

const KEY = "teacher-key-for-e2e";
let server: RunningServer;
const sockets: WebSocket[] = [];

test.beforeEach(async () => {
  // Jitter well above the click spacing, so stamped messages overtake each other.
  server = await startServer(["--delay", "20", "--jitter", "800", "--seed", "5", "--key", KEY]);
});

// biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixtures a hook uses from this pattern.
test.afterEach(async ({}, testInfo) => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await closeTabs();
  await server.stop();
  if (testInfo.status !== testInfo.expectedStatus) console.log(`server output:\n${server.output()}`);
});

/** A teacher's connection that watches the room: the newest board message, and a way to send with the key. */
async function teacher(): Promise<{ latest: () => Board | null; send: (message: object) => void }> {
  const socket = new WebSocket(server.wsUrl);
  sockets.push(socket);
  let latest: Board | null = null;
  socket.on("error", () => {});
  socket.on("message", (data) => {
    const parsed = parseServerFrame(String(data));
    if (parsed.ok && parsed.message.type === "board") latest = parsed.message;
  });
  await new Promise((resolve) => socket.once("open", resolve));
  socket.send(JSON.stringify({ type: "watch", version: 1 }));
  return { latest: () => latest, send: (message) => socket.send(JSON.stringify({ ...message, key: KEY })) };
}

async function sendMany(page: Page, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await page.getByRole("button", { name: "Send", exact: true }).click();
}

const deliveredSeqs = (page: Page) => page.getByTestId("delivered").evaluateAll((rows) => rows.map((row) => row.dataset.seq).join());

test("tabs that agree show one colour, lagging or not; with ordering off, a tab with another order shows another", async ({ browser }) => {
  const [a, b] = await openTabs(browser, server.httpUrl, 2);
  if (!a || !b) throw new Error("two tabs expected");
  await teacher();
  await sendMany(a, 3);
  await sendMany(b, 3);
  // In total order every tab holds a prefix of the sequencer's order, whatever it has delivered so far.
  for (const page of [a, b]) await expect(page.getByTestId("order-colour")).toHaveAttribute("data-colour", "0");
  for (const page of [a, b]) await expect(page.getByTestId("delivered-count")).toHaveText("6");
  for (const page of [a, b]) await expect(page.getByTestId("order-colour")).toHaveAttribute("data-colour", "0");

  const room = await teacher();
  room.send({ type: "configure", mode: "none" });
  for (const page of [a, b]) await expect(page.getByTestId("mode")).toHaveText(/none/);
  for (const page of [a, b]) await expect(page.getByTestId("delivered-count")).toHaveText("0");
  await Promise.all([sendMany(a, 6), sendMany(b, 6)]);
  for (const page of [a, b]) await expect(page.getByTestId("delivered-count")).toHaveText("12");
  const [orderA, orderB] = await Promise.all([deliveredSeqs(a), deliveredSeqs(b)]);
  // With 800 ms of jitter and 12 messages, two tabs delivering the same order is all but impossible (and seeded).
  expect(orderA).not.toBe(orderB);
  const colour = (page: Page) => expect.poll(() => page.getByTestId("order-colour").getAttribute("data-colour"));
  await colour(a).toMatch(/^\d+$/);
  await colour(b).toMatch(/^\d+$/);
  await colour(b).not.toBe(await a.getByTestId("order-colour").getAttribute("data-colour"));
  // The board's colours are the tabs' colours.
  const ids = await Promise.all([a, b].map(async (page) => Number(await page.getByTestId("worker-id").textContent())));
  const boardColours = () => ids.map((id) => String(room.latest()?.workers.find((w) => w.id === id)?.colour));
  await expect
    .poll(boardColours)
    .toEqual(await Promise.all([a, b].map(async (page) => await page.getByTestId("order-colour").getAttribute("data-colour"))));
});

test("following a message from one tab lights it up in another; following it again stops", async ({ browser }) => {
  const [a, b] = await openTabs(browser, server.httpUrl, 2);
  if (!a || !b) throw new Error("two tabs expected");
  await sendMany(a, 2);
  for (const page of [a, b]) await expect(page.getByTestId("delivered-count")).toHaveText("2");
  await b.locator('[data-testid="lane-row"][data-seq="1"]').click();
  for (const page of [a, b]) {
    await expect(page.locator('[data-testid="lane-row"][data-seq="1"]')).toHaveAttribute("data-followed", "true");
    await expect(page.locator('[data-testid="delivered"][data-seq="1"]')).toHaveAttribute("data-followed", "true");
    await expect(page.locator('[data-followed="true"]')).toHaveCount(2);
  }
  await a.locator('[data-testid="delivered"][data-seq="2"]').click();
  await expect(b.locator('[data-testid="lane-row"][data-seq="2"]')).toHaveAttribute("data-followed", "true");
  await a.locator('[data-testid="delivered"][data-seq="2"]').click();
  for (const page of [a, b]) await expect(page.locator('[data-followed="true"]')).toHaveCount(0);
});

test("with ordering off, a tab's lane shows each message once, delivered on arrival, and marks overtakes", async ({ browser }) => {
  const room = await teacher();
  room.send({ type: "configure", mode: "none" });
  const [a, b] = await openTabs(browser, server.httpUrl, 2);
  if (!a || !b) throw new Error("two tabs expected");
  await expect(a.getByTestId("mode")).toHaveText(/none/);
  await Promise.all([sendMany(a, 8), sendMany(b, 8)]);
  await expect(a.getByTestId("delivered-count")).toHaveText("16");
  const rows = a.getByTestId("lane-row");
  await expect(rows).toHaveCount(16);
  await expect(a.getByTestId("missing")).toHaveCount(0);
  const seqs = await rows.evaluateAll((all) => all.map((row) => Number(row.dataset.seq)));
  expect(new Set(seqs).size).toBe(16);
  for (const note of await rows.locator(".lane-note").allTextContents()) expect(note).toContain("delivered on arrival");
  const order = (await deliveredSeqs(a)).split(",").map(Number);
  // The first delivery that overtook an earlier seq is marked with the smallest seq it overtook.
  const first = order.findIndex((seq, i) => order.slice(0, i).filter((s) => s < seq).length < seq - 1);
  // With 800 ms of jitter on 16 messages sent within a second or two, some overtake (seeded).
  expect(first).toBeGreaterThanOrEqual(0);
  const seq = order[first] ?? 0;
  const overtaken = Array.from({ length: seq }, (_, k) => k + 1).find((s) => !order.slice(0, first).includes(s));
  const row = a.locator(`[data-testid="lane-row"][data-seq="${seq}"]`);
  await expect(row).toHaveAttribute("data-overtook", "true");
  await expect(row).toContainText(`overtook #${overtaken}`);
  // Deliveries that overtook nothing are not marked.
  await expect(a.locator('[data-testid="lane-row"][data-overtook="true"]')).not.toHaveCount(16);
  await expect(a.getByTestId("intro")).not.toContainText("hold-back");
  await expect(a.getByTestId("lane-intro")).not.toContainText("hold-back");
});

test("the live lane keeps its newest row in view as old rows leave, each row's markers beside it", async ({ browser }) => {
  const [tab] = await openTabs(browser, server.httpUrl, 1);
  if (!tab) throw new Error("a tab expected");
  const sender = await protocolSender(server.wsUrl);
  try {
    // Past the rows the lane keeps, so rows leave at the top while new ones come at the bottom.
    for (let sent = 15; sent <= 45; sent += 15) {
      await sender.send(15);
      await expect(tab.getByTestId("delivered-count")).toHaveText(String(sent));
      // The lane scrolls to its newest row in the frame after the update that brought it.
      const placed = () =>
        tab.locator(".lane-rows").evaluate((scroller) => {
          const box = scroller.getBoundingClientRect();
          const rows = [...scroller.querySelectorAll<HTMLElement>(".lane-list > li")];
          const marks = [...scroller.querySelectorAll<HTMLElement>(".mark-row")];
          const newest = rows.at(-1)?.getBoundingClientRect();
          return {
            seq: Number(rows.at(-1)?.dataset.seq),
            inView: newest !== undefined && newest.top >= box.top - 1 && newest.bottom <= box.bottom + 1,
            misplaced: rows.filter(
              (row, i) => Math.abs(row.getBoundingClientRect().top - (marks[i]?.getBoundingClientRect().top ?? -1e6)) > 1,
            ).length,
          };
        });
      await expect.poll(placed).toEqual({ seq: sent, inView: true, misplaced: 0 });
    }
  } finally {
    sender.close();
  }
});

test("the live lane's time axis slides: a delivery's dot starts at now and moves left as time passes", async ({ browser }) => {
  const [tab] = await openTabs(browser, server.httpUrl, 1);
  if (!tab) throw new Error("a tab expected");
  const sender = await protocolSender(server.wsUrl);
  try {
    await sender.send(1);
    await expect(tab.getByTestId("delivered-count")).toHaveText("1");
    // Where the delivery dot stands across the track: 0 is the left edge (8 s ago), 1 is now.
    const across = () =>
      tab.locator(".lane-marks").evaluate((track) => {
        const box = track.getBoundingClientRect();
        const dot = track.querySelector(".dot.delivery")?.getBoundingClientRect();
        return dot ? (dot.left + dot.width / 2 - box.left) / box.width : -1;
      });
    const first = await across();
    // Delivered within the last second or so (the network's delay and jitter), so near now.
    expect(first).toBeGreaterThan(0.8);
    expect(first).toBeLessThanOrEqual(1.01);
    // The axis moves on by itself: a twentieth of the window is 0.4 s.
    await expect.poll(across).toBeLessThan(first - 0.05);
  } finally {
    sender.close();
  }
});

test("a tab that disconnects keeps its lane on the board, shown away", async ({ browser }) => {
  const room = await teacher();
  const [a, b] = await openTabs(browser, server.httpUrl, 2);
  if (!a || !b) throw new Error("two tabs expected");
  const id = Number(await a.getByTestId("worker-id").textContent());
  const lane = () => room.latest()?.workers.find((w) => w.id === id);
  await expect.poll(() => lane()?.connected).toBe(true);
  await a.context().close();
  await expect.poll(() => lane()?.connected).toBe(false);
  expect(lane()?.offline.at(-1)?.[1]).toBeNull();
  // The board page's own lane DOM is the presenter view's (issue 10, point 1): asserted in its spec.
});
