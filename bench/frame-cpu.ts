/**
 * The renderer main thread's CPU time per frame, from a Chromium trace: on a
 * machine shared with other work, a frame's wall time includes the time the
 * thread waited for a core, while its CPU time (each task's `tdur`) is close
 * to what the frame would take on a quiet machine. Frames are the intervals
 * between BeginMainThreadFrame events; a frame's CPU is that of the tasks that
 * started in it. The longest task is read the same way: its CPU time beside
 * its wall time.
 */
import type { CDPSession } from "@playwright/test";

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly dur?: number;
  readonly tdur?: number;
  readonly args?: { readonly name?: string; readonly data?: { readonly message?: string } };
}

export interface FrameCpu {
  /** Frames seen, and the median and longest main-thread CPU time of one, in ms. */
  readonly frames: number;
  readonly p50: number;
  readonly max: number;
}

/** Per-frame CPU of the renderer's main thread in `events` (one page's trace). */
export function frameCpu(events: readonly TraceEvent[]): FrameCpu {
  const onMain = mainThread(events);
  if (onMain.length === 0) return { frames: 0, p50: 0, max: 0 };
  const starts = onMain.filter((e) => e.name === "BeginMainThreadFrame").map((e) => e.ts);
  const tasks = onMain.filter((e) => e.name === "RunTask" && e.ph === "X").sort((a, b) => a.ts - b.ts);
  starts.sort((a, b) => a - b);
  const perFrame: number[] = [];
  let t = 0;
  for (let i = 0; i + 1 < starts.length; i++) {
    const [from, to] = [starts[i] ?? 0, starts[i + 1] ?? 0];
    while (t < tasks.length && (tasks[t]?.ts ?? 0) < from) t++;
    let cpu = 0;
    for (let k = t; k < tasks.length && (tasks[k]?.ts ?? 0) < to; k++) cpu += (tasks[k]?.tdur ?? tasks[k]?.dur ?? 0) / 1000;
    perFrame.push(cpu);
  }
  perFrame.sort((a, b) => a - b);
  return { frames: perFrame.length, p50: perFrame[perFrame.length >> 1] ?? 0, max: perFrame.at(-1) ?? 0 };
}

/** The renderer main thread's events in `events` (one page's trace). */
function mainThread(events: readonly TraceEvent[]): TraceEvent[] {
  const main = events.find((e) => e.ph === "M" && e.name === "thread_name" && e.args?.name === "CrRendererMain");
  return main ? events.filter((e) => e.pid === main.pid && e.tid === main.tid) : [];
}

export interface LongestTask {
  /** The longest main-thread task's wall time, and the CPU time of the task with the most, in ms. */
  readonly wall: number;
  readonly cpu: number;
}

/** The longest main-thread tasks that started after the page called `console.timeStamp(label)`. */
export function longestTask(events: readonly TraceEvent[], label: string): LongestTask {
  const onMain = mainThread(events);
  const since = onMain.find((e) => e.name === "TimeStamp" && e.args?.data?.message === label)?.ts;
  if (since === undefined) throw new Error(`the trace has no mark "${label}" on the main thread`);
  const tasks = onMain.filter((e) => e.name === "RunTask" && e.ph === "X" && e.ts >= since);
  return {
    wall: Math.max(0, ...tasks.map((e) => (e.dur ?? 0) / 1000)),
    cpu: Math.max(0, ...tasks.map((e) => (e.tdur ?? e.dur ?? 0) / 1000)),
  };
}

/** Starts tracing the page; the returned function stops and gives the trace's events. */
export async function traceEvents(cdp: CDPSession): Promise<() => Promise<TraceEvent[]>> {
  const events: TraceEvent[] = [];
  // The protocol types trace events as string maps; they are Chromium's trace event format.
  cdp.on("Tracing.dataCollected", (data) => {
    for (const event of data.value) events.push(event as unknown as TraceEvent);
  });
  await cdp.send("Tracing.start", {
    categories: "devtools.timeline,disabled-by-default-devtools.timeline,disabled-by-default-devtools.timeline.frame",
    transferMode: "ReportEvents",
  });
  return async () => {
    const complete = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
    await cdp.send("Tracing.end");
    await complete;
    return events;
  };
}

/** Starts tracing the page; the returned function stops and gives the per-frame CPU. */
export async function traceFrames(cdp: CDPSession): Promise<() => Promise<FrameCpu>> {
  const stop = await traceEvents(cdp);
  return async () => frameCpu(await stop());
}
