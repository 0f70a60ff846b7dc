import { describe, expect, it } from "vitest";
import { stepTimers } from "../../shared/testing/step-timers.ts";
import { FRAME_FALLBACK_MS, frameScheduler } from "./frames.ts";

/** A page whose frames and timers a test fires by hand. */
function handPage() {
  const frames = stepTimers();
  const timers = stepTimers();
  let time = 1000;
  const scheduler = frameScheduler({
    requestFrame: (run) => frames.after(0, run),
    after: timers.after,
    now: () => time,
  });
  return { scheduler, frames, timers, advance: (ms: number) => (time += ms) };
}

describe("frameScheduler", () => {
  it("runs everything asked for before a frame in that one frame, in order, at one time", () => {
    const { scheduler, frames, advance } = handPage();
    const ran: string[] = [];
    scheduler.next(() => ran.push(`store ${scheduler.time()}`));
    scheduler.next(() => ran.push(`clock ${scheduler.time()}`));
    // One frame asked for, not one per caller: the store's update and the clock's tick render together.
    expect(frames.pending()).toEqual([0]);
    advance(16);
    frames.run();
    expect(ran).toEqual(["store 1016", "clock 1016"]);
  });

  it("asks for a new frame for what is asked during a frame, and runs it then, not now", () => {
    const { scheduler, frames } = handPage();
    let ticks = 0;
    const tick = () => {
      ticks++;
      scheduler.next(tick);
    };
    scheduler.next(tick);
    frames.run();
    expect(ticks).toBe(1);
    frames.run();
    expect(ticks).toBe(2);
  });

  it("runs what is due on a timer when no frame comes (a hidden tab), and once only", () => {
    const { scheduler, frames, timers } = handPage();
    let runs = 0;
    scheduler.next(() => runs++);
    expect(timers.pending()).toEqual([FRAME_FALLBACK_MS]);
    timers.run();
    expect(runs).toBe(1);
    // The frame that was asked for was given back.
    expect(frames.pending()).toEqual([]);
  });

  it("gives back the fallback timer when the frame comes", () => {
    const { scheduler, frames, timers } = handPage();
    scheduler.next(() => {});
    frames.run();
    expect(timers.pending()).toEqual([]);
  });
});
