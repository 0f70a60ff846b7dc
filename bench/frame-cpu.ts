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
  readonly args?: { readonly name?: string; readonly data?: { readonly message?: string; readonly functionName?: string } };
}

export interface FrameCpu {
  /** Frames seen, and the median and longest main-thread CPU time of one, in ms. */
  readonly frames: number;
  readonly p50: number;
  readonly max: number;
  /** Where the longest frame's main-thread time went: the trace events with the most self time, in ms, most first. */
  readonly longest: readonly { readonly name: string; readonly ms: number }[];
}

/** Per-frame CPU of the renderer's main thread in `events` (one page's trace). */
export function frameCpu(events: readonly TraceEvent[]): FrameCpu {
  const onMain = mainThread(events);
  if (onMain.length === 0) return { frames: 0, p50: 0, max: 0, longest: [] };
  const starts = onMain.filter((e) => e.name === "BeginMainThreadFrame").map((e) => e.ts);
  const tasks = onMain.filter((e) => e.name === "RunTask" && e.ph === "X").sort((a, b) => a.ts - b.ts);
  starts.sort((a, b) => a - b);
  const perFrame: number[] = [];
  let longestFrame = { cpu: -1, from: 0, to: 0 };
  let t = 0;
  for (let i = 0; i + 1 < starts.length; i++) {
    const [from, to] = [starts[i] ?? 0, starts[i + 1] ?? 0];
    while (t < tasks.length && (tasks[t]?.ts ?? 0) < from) t++;
    let cpu = 0;
    for (let k = t; k < tasks.length && (tasks[k]?.ts ?? 0) < to; k++) cpu += (tasks[k]?.tdur ?? tasks[k]?.dur ?? 0) / 1000;
    perFrame.push(cpu);
    if (cpu > longestFrame.cpu) longestFrame = { cpu, from, to };
  }
  perFrame.sort((a, b) => a - b);
  return {
    frames: perFrame.length,
    p50: perFrame[perFrame.length >> 1] ?? 0,
    max: perFrame.at(-1) ?? 0,
    longest: selfTimes(onMain, longestFrame.from, longestFrame.to),
  };
}

/** Wall self time by event name (an event's time less its children's) of the complete events that start in [from, to), top 8. */
function selfTimes(events: readonly TraceEvent[], from: number, to: number): { name: string; ms: number }[] {
  const inFrame = events
    .filter((e) => e.ph === "X" && e.ts >= from && e.ts < to)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const self = new Map<string, number>();
  const open: { end: number; name: string }[] = [];
  for (const event of inFrame) {
    while (open.length && (open.at(-1)?.end ?? 0) <= event.ts) open.pop();
    const dur = event.dur ?? 0;
    const parent = open.at(-1);
    if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - dur);
    const name =
      event.name === "FunctionCall" && event.args?.data?.functionName ? `FunctionCall ${event.args.data.functionName}` : event.name;
    self.set(name, (self.get(name) ?? 0) + dur);
    open.push({ end: event.ts + dur, name });
  }
  return [...self]
    .map(([name, us]) => ({ name, ms: us / 1000 }))
    .filter((entry) => entry.ms >= 0.1)
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 8);
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

/**
 * Starts tracing the page; the returned function stops and gives the trace's events. With
 * ORDERCAST_TRACE_MORE=1 in the environment the trace also takes V8's and Blink's own categories
 * (garbage collection, task names), so the longest frame's breakdown names more; it costs more too.
 */
export async function traceEvents(cdp: CDPSession): Promise<() => Promise<TraceEvent[]>> {
  const events: TraceEvent[] = [];
  // The protocol types trace events as string maps; they are Chromium's trace event format.
  cdp.on("Tracing.dataCollected", (data) => {
    for (const event of data.value) events.push(event as unknown as TraceEvent);
  });
  await cdp.send("Tracing.start", {
    categories: `devtools.timeline,disabled-by-default-devtools.timeline,disabled-by-default-devtools.timeline.frame${process.env.ORDERCAST_TRACE_MORE ? ",v8,disabled-by-default-v8.gc,blink,toplevel" : ""}`,
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
