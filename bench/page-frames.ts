/**
 * Frame recording for the browser benchmarks (bench:ui, bench:board): the page
 * records every animation frame for a while, and reports the longest frame in
 * each 1.5 s window (the target: none over 32 ms), the long tasks, and the JS
 * heap. Several runs are summed up as ranges, since one run on a shared
 * machine can be lucky.
 *
 * Each run can also record its floor (`recordFloor`): the same page under the
 * same load, right after, with nothing drawn (its body hidden), so it still
 * receives and handles every message. A floor that misses frames too says the
 * machine, not the drawing, was short of time in that run; its busy time says
 * how fast the machine was in that minute.
 */
import type { Page } from "@playwright/test";
import { type FrameCpu, traceFrames } from "./frame-cpu.ts";

/** The window the target is judged over. */
export const WINDOW_MS = 1500;
/** No frame longer than this in any window: two frames at 60 Hz. */
export const TARGET_MS = 32;

export interface FrameRecord {
  /** Frames drawn. */
  readonly frames: number;
  readonly seconds: number;
  /** The longest frame in each full window, in ms. */
  readonly windows: readonly number[];
  /** Tasks over 50 ms (the Long Tasks API), and the longest of them in ms (0 if none). */
  readonly longTasks: number;
  readonly longestTask: number;
  /** The JS heap in use at the end, in bytes (0 where the browser does not say). */
  readonly heap: number;
  /** Where the main thread's time went (Chromium's Performance metrics), in ms a second recorded. */
  readonly busy: { readonly task: number; readonly script: number; readonly layout: number; readonly style: number };
  /** Layouts a second. */
  readonly layouts: number;
  /** The main thread's CPU time per frame, when traced (`cpu`): nearer a quiet machine's frame times. */
  readonly cpu?: FrameCpu;
}

/** Marks the floor's style sheet, to take it out again. */
const FLOOR_MARK = "ordercast bench floor";

/**
 * The same page's frames with nothing drawn: its body hidden by a style sheet for `seconds`, then
 * shown again. The page goes on receiving and handling every message; only the drawing stops.
 */
export async function recordFloor(page: Page, seconds: number): Promise<FrameRecord> {
  await page.addStyleTag({ content: `/* ${FLOOR_MARK} */ body { display: none !important; }` });
  try {
    return await recordFrames(page, seconds);
  } finally {
    // Plain JavaScript, given as text (as framesIn's): the style sheet goes, and the page draws again.
    await page.evaluate(
      `for (const style of document.querySelectorAll("style")) if (style.textContent.includes("${FLOOR_MARK}")) style.remove();`,
    );
  }
}

/** The longest frame of a record. */
export const worst = (record: FrameRecord): number => Math.max(0, ...record.windows);

/** Whether a record meets the target: every window's longest frame at most TARGET_MS. */
export const met = (record: FrameRecord): boolean => record.windows.every((w) => w <= TARGET_MS);

/** Records the page's animation frames for `seconds`; with `cpu`, also traces the main thread's CPU per frame (tracing costs a little). */
export async function recordFrames(page: Page, seconds: number, options: { cpu?: boolean } = {}): Promise<FrameRecord> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const metrics = async () => {
    const { metrics } = await cdp.send("Performance.getMetrics");
    return new Map(metrics.map((m) => [m.name, m.value]));
  };
  const before = await metrics();
  const traced = options.cpu ? await traceFrames(cdp) : null;
  const frames = await framesIn(page, seconds);
  const cpu = traced ? await traced() : undefined;
  const after = await metrics();
  await cdp.detach();
  // Durations come in seconds: ms spent a second recorded is the difference over the seconds, ×1000.
  const rate = (name: string, scale: number) => (((after.get(name) ?? 0) - (before.get(name) ?? 0)) * scale) / seconds;
  return {
    ...frames,
    busy: {
      task: rate("TaskDuration", 1000),
      script: rate("ScriptDuration", 1000),
      layout: rate("LayoutDuration", 1000),
      style: rate("RecalcStyleDuration", 1000),
    },
    layouts: rate("LayoutCount", 1),
    ...(cpu ? { cpu } : {}),
  };
}

async function framesIn(page: Page, seconds: number): Promise<Omit<FrameRecord, "busy" | "layouts">> {
  // Plain JavaScript, given as text: the TypeScript loader would add helpers the page does not have.
  return (await page.evaluate(`(async (seconds, windowMs) => {
    const frames = [];
    let longTasks = 0;
    let longestTask = 0;
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) { longTasks++; longestTask = Math.max(longestTask, entry.duration); }
    });
    observer.observe({ type: "longtask" });
    const start = performance.now();
    let last = start;
    await new Promise((resolve) => {
      function tick(now) {
        frames.push(now - last);
        last = now;
        if (now - start < seconds * 1000) requestAnimationFrame(tick);
        else resolve();
      }
      requestAnimationFrame(tick);
    });
    observer.disconnect();
    const windows = [];
    let elapsed = 0;
    let longest = 0;
    for (const frame of frames) {
      elapsed += frame;
      longest = Math.max(longest, frame);
      if (elapsed >= windowMs) { windows.push(longest); elapsed = 0; longest = 0; }
    }
    const heap = performance.memory ? performance.memory.usedJSHeapSize : 0;
    return { frames: frames.length, seconds, windows, longTasks, longestTask, heap };
  })(${seconds}, ${WINDOW_MS})`)) as Omit<FrameRecord, "busy" | "layouts">;
}

/** One run's line: frames a second, the longest frame per window, whether the target is met. */
export function describeRun(record: FrameRecord): string {
  const rate = (record.frames / record.seconds).toFixed(0);
  const windows = record.windows.map((w) => `${w.toFixed(0)}`).join(", ");
  const tasks = record.longTasks ? `${record.longTasks} long tasks (longest ${record.longestTask.toFixed(0)} ms)` : "no long tasks";
  const { task, script, layout, style } = record.busy;
  const busy = `main thread busy ${task.toFixed(0)} ms a second (script ${script.toFixed(0)}, layout ${layout.toFixed(0)}, style ${style.toFixed(0)}; ${record.layouts.toFixed(0)} layouts/s)`;
  const cpu = record.cpu
    ? `; main-thread CPU per frame median ${record.cpu.p50.toFixed(1)} ms, longest ${record.cpu.max.toFixed(1)} ms (${record.cpu.longest.map((e) => `${e.name} ${e.ms.toFixed(1)}`).join(", ")})`
    : "";
  return `${rate} frames/s${cpu}; longest frame per ${WINDOW_MS / 1000} s window: ${windows} ms; ${tasks}; ${busy}; ${met(record) ? "met" : "NOT met"}`;
}

/** A floor's line (recordFloor): its longest frame per window and how busy the main thread was. */
export function describeFloor(floor: FrameRecord): string {
  const windows = floor.windows.map((w) => `${w.toFixed(0)}`).join(", ");
  return `floor (the same page drawing nothing): longest frame per window ${windows} ms, main thread busy ${floor.busy.task.toFixed(0)} ms a second; ${met(floor) ? "met" : "NOT met"}`;
}

const range = (values: number[], unit: string) => {
  const low = Math.min(...values).toFixed(0);
  const high = Math.max(...values).toFixed(0);
  return low === high ? `${low}${unit}` : `${low}–${high}${unit}`;
};

/** Floors of several runs as ranges, beside the runs' own busy time: how much of the main thread the drawing took. */
export function describeFloors(records: readonly FrameRecord[], floors: readonly FrameRecord[]): string {
  if (floors.length === 0) return "";
  const busy = range(
    records.map((r) => r.busy.task),
    "",
  );
  const floorBusy = range(
    floors.map((r) => r.busy.task),
    "",
  );
  return `main thread busy ${busy} ms a second, drawing nothing ${floorBusy}; floor's longest frame ${range(floors.map(worst), " ms")}, target met by the floor in ${floors.filter(met).length} of ${floors.length}`;
}

/** Several runs as ranges: the longest frame, frames a second, and in how many runs the target was met. */
export function describeRuns(records: readonly FrameRecord[]): string {
  const longest = range(records.map(worst), " ms");
  const rates = range(
    records.map((r) => r.frames / r.seconds),
    "",
  );
  const meeting = records.filter(met).length;
  const traced = records.flatMap((r) => (r.cpu ? [r.cpu.max] : []));
  const cpu = traced.length ? `; longest frame's main-thread CPU ${range(traced, " ms")}` : "";
  return `longest frame ${longest} over ${records.length} runs; ${rates} frames/s; target (no frame over ${TARGET_MS} ms in any window) met in ${meeting} of ${records.length}${cpu}`;
}
