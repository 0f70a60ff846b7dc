/**
 * `npm run bench:catchup`: how a late joiner catches up on a long history.
 * Writes a log of N messages (default 100,000) in the on-disk format, starts
 * the real server on it, opens a tab in Chromium and measures how long the
 * tab takes to deliver everything, the longest main-thread task meanwhile,
 * and whether the server kept answering /healthz. A measurement, not a test.
 */
import { chromium } from "@playwright/test";
import { CHROMIUM_ARGS, chromiumExecutable } from "../e2e/browser.ts";
import { startServer } from "../server/testing/process.ts";
import { writeHistory } from "./history.ts";

const count = Number(process.argv[2] ?? 100_000);
const dir = writeHistory(count);

const server = await startServer(["--data", dir, "--delay", "0", "--jitter", "0"]);
const executablePath = chromiumExecutable();
const browser = await chromium.launch({ args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) });
try {
  // The server must keep answering while it streams the history.
  const healthTimes: number[] = [];
  let streaming = true;
  const probe = (async () => {
    while (streaming) {
      const t0 = performance.now();
      await fetch(`${server.httpUrl}healthz`);
      healthTimes.push(performance.now() - t0);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();

  const page = await browser.newPage();
  await page.addInitScript(() => {
    const longest = { value: 0 };
    (window as unknown as { longestTask: typeof longest }).longestTask = longest;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longest.value = Math.max(longest.value, entry.duration);
    }).observe({ type: "longtask", buffered: true });
  });
  const t0 = performance.now();
  await page.goto(server.httpUrl);
  await page
    .getByTestId("delivered-count")
    .filter({ hasText: String(count) })
    .waitFor({ timeout: 300_000 });
  const seconds = (performance.now() - t0) / 1000;
  streaming = false;
  await probe;
  const longestTask = await page.evaluate(() => (window as unknown as { longestTask: { value: number } }).longestTask.value);
  const rows = await page.getByTestId("delivered").count();
  const heap = await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0);
  const sorted = [...healthTimes].sort((a, b) => a - b);
  console.log(`history: ${count} messages`);
  console.log(`tab caught up in ${seconds.toFixed(1)} s (${Math.round(count / seconds)} messages/s)`);
  console.log(
    `longest main-thread task in the tab: ${Math.round(longestTask)} ms; delivered rows in the DOM: ${rows}; JS heap ${(heap / 2 ** 20).toFixed(0)} MiB`,
  );
  console.log(
    `server /healthz while streaming: median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms over ${sorted.length} probes`,
  );
} finally {
  await browser.close();
  await server.stop();
}
