/**
 * bench:catchup's browser half: a fresh tab in Chromium joins a room with a
 * long history. Measured in the page: from the first frame on its WebSocket
 * (the welcome) until the header shows every message delivered, and the
 * longest main-thread task in between (a PerformanceObserver for "longtask").
 * With `perRecord`, the page drops "accepts" from the tab's hello, so the
 * same tab gets one frame per record, as a worker without batches. With
 * `cpu`, a trace also gives the longest task's CPU time (frame-cpu.ts): on a
 * busy machine a task's wall time includes its waits for a core.
 */
import type { Browser } from "@playwright/test";
import type { RunningServer } from "../server/testing/process.ts";
import { longestTask, traceEvents } from "./frame-cpu.ts";

export interface TabFigures {
  /** From the welcome to every message delivered on screen. */
  readonly seconds: number;
  /** From the page's navigation to every message delivered on screen. */
  readonly fromLoad: number;
  /** The longest main-thread task during the catch-up, in ms (0: none over 50 ms). */
  readonly longestTask: number;
  /** From the welcome to the last frame of history arriving: what the tab waited for the server. */
  readonly arrived: number;
  /** With `cpu`: the most CPU time one main-thread task took from the welcome on, in ms. */
  readonly longestTaskCpu?: number;
}

interface Probe {
  start: number;
  lastHistory: number;
  tasks: [number, number][];
}

/**
 * Runs in the page before its own scripts: records long tasks, the first frame (the welcome),
 * the last frame of history, and (per record) drops "accepts" from the hello.
 */
/** The mark the probe leaves in a trace when the welcome arrives. */
const WELCOME = "catch-up: welcome";

const PROBE = `function (perRecord) {
  const probe = { start: 0, lastHistory: 0, tasks: [] };
  window.catchUpProbe = probe;
  new PerformanceObserver(function (list) {
    for (const entry of list.getEntries()) probe.tasks.push([entry.startTime, entry.duration]);
  }).observe({ type: "longtask", buffered: true });
  const Native = window.WebSocket;
  const send = Native.prototype.send;
  Native.prototype.send = function (data) {
    if (perRecord && typeof data === "string" && data.startsWith('{"type":"hello"')) {
      const hello = JSON.parse(data);
      delete hello.accepts;
      data = JSON.stringify(hello);
    }
    return send.call(this, data);
  };
  const heard = function (event) {
    const now = performance.now();
    if (!probe.start) console.timeStamp("${WELCOME}");
    probe.start = probe.start || now;
    const text = typeof event.data === "string" ? event.data : "";
    if (text.startsWith('{"type":"batch"') || text.startsWith('{"type":"stamped"')) probe.lastHistory = now;
  };
  window.WebSocket = new Proxy(Native, {
    construct: function (target, args) {
      const socket = Reflect.construct(target, args);
      socket.addEventListener("message", heard);
      return socket;
    },
  });
}`;

export async function tabCatchUp(
  browser: Browser,
  server: RunningServer,
  count: number,
  perRecord: boolean,
  options: { cpu?: boolean } = {},
): Promise<TabFigures> {
  const page = await browser.newPage();
  try {
    const traced = options.cpu ? await traceEvents(await page.context().newCDPSession(page)) : null;
    // As text: tsx would wrap functions passed as code in helpers the page does not have.
    await page.addInitScript({ content: `(${PROBE})(${perRecord})` });
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
    const cpu = traced ? longestTask(await traced(), WELCOME).cpu : undefined;
    return {
      ...(cpu === undefined ? {} : { longestTaskCpu: cpu }),
      seconds: (endAt - probe.start) / 1000,
      fromLoad,
      longestTask: Math.max(0, ...during.map(([, duration]) => duration)),
      arrived: (probe.lastHistory - probe.start) / 1000,
    };
  } finally {
    await page.close();
  }
}
