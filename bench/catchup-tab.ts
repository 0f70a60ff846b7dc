/**
 * bench:catchup's browser half: a fresh tab in Chromium joins a room with a
 * long history. Measured in the page: from the first frame on its WebSocket
 * (the welcome) until the header shows every message delivered, and the
 * longest main-thread task in between (a PerformanceObserver for "longtask").
 * With `perRecord`, the page drops "accepts" from the tab's hello, so the
 * same tab gets one frame per record, as a worker without batches.
 */
import type { Browser } from "@playwright/test";
import type { RunningServer } from "../server/testing/process.ts";

export interface TabFigures {
  /** From the welcome to every message delivered on screen. */
  readonly seconds: number;
  /** From the page's navigation to every message delivered on screen. */
  readonly fromLoad: number;
  /** The longest main-thread task during the catch-up, in ms (0: none over 50 ms). */
  readonly longestTask: number;
}

interface Probe {
  start: number;
  tasks: [number, number][];
}

export async function tabCatchUp(browser: Browser, server: RunningServer, count: number, perRecord: boolean): Promise<TabFigures> {
  const page = await browser.newPage();
  try {
    await page.addInitScript((perRecord: boolean) => {
      const probe: Probe = { start: 0, tasks: [] };
      (window as unknown as { catchUpProbe: Probe }).catchUpProbe = probe;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) probe.tasks.push([entry.startTime, entry.duration]);
      }).observe({ type: "longtask", buffered: true });
      const Native = window.WebSocket;
      class Probed extends Native {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols);
          this.addEventListener("message", () => {
            probe.start ||= performance.now();
          });
        }
        override send(data: Parameters<WebSocket["send"]>[0]): void {
          if (perRecord && typeof data === "string" && data.startsWith('{"type":"hello"')) {
            const { accepts: _, ...hello } = JSON.parse(data) as { accepts?: unknown };
            super.send(JSON.stringify(hello));
          } else super.send(data);
        }
      }
      window.WebSocket = Probed;
    }, perRecord);
    const t0 = performance.now();
    await page.goto(server.httpUrl);
    const end = await page.waitForFunction(
      (count: number) =>
        document.querySelector('[data-testid="delivered-count"]')?.textContent === String(count) ? performance.now() : false,
      count,
      { polling: "raf", timeout: 600_000 },
    );
    const fromLoad = (performance.now() - t0) / 1000;
    const endAt = (await end.jsonValue()) as number;
    const probe = await page.evaluate(() => (window as unknown as { catchUpProbe: Probe }).catchUpProbe);
    const during = probe.tasks.filter(([start, duration]) => start + duration > probe.start && start < endAt);
    return {
      seconds: (endAt - probe.start) / 1000,
      fromLoad,
      longestTask: Math.max(0, ...during.map(([, duration]) => duration)),
    };
  } finally {
    await page.close();
  }
}
