import { describe, expect, it } from "vitest";
import { firstWait, gapAfter, RETRY_MS, startPacing } from "./pacing.ts";
import type { Random } from "./random.ts";
import { stepTimers } from "./testing/step-timers.ts";

const fixed = (value: number): Random => ({ next: () => value });

/** A send that counts its calls and accepts each. */
function counter() {
  const send = () => {
    send.calls++;
    return true;
  };
  send.calls = 0;
  return send;
}

describe("gapAfter and firstWait", () => {
  it("draw a gap from half to one and a half intervals", () => {
    expect(gapAfter(1000, fixed(0))).toBe(500);
    expect(gapAfter(1000, fixed(0.5))).toBe(1000);
    expect(gapAfter(1000, fixed(0.999))).toBeCloseTo(1499, 0);
  });

  it("start at once, or after a random part of one interval", () => {
    expect(firstWait({ intervalMs: 1000, start: "now" }, fixed(0.7))).toBe(0);
    expect(firstWait({ intervalMs: 1000, start: "phase" }, fixed(0.25))).toBe(250);
  });
});

describe("startPacing", () => {
  it("sends at once when told to start now, then after a random gap", () => {
    const timers = stepTimers();
    const send = counter();
    startPacing({ intervalMs: 100, start: "now" }, { after: timers.after, random: fixed(0.5), send });
    expect(send.calls).toBe(1);
    expect(timers.pending()).toEqual([100]);
  });

  it("waits a random phase first when told to", () => {
    const timers = stepTimers();
    const send = counter();
    startPacing({ intervalMs: 1000, start: "phase" }, { after: timers.after, random: fixed(0.1), send });
    expect(send.calls).toBe(0);
    expect(timers.run()).toBe(100);
    expect(send.calls).toBe(1);
  });

  it("stops after `count` sends went out", () => {
    const timers = stepTimers();
    const pacer = startPacing({ intervalMs: 10, start: "now", count: 3 }, { after: timers.after, random: fixed(0), send: () => true });
    timers.run();
    timers.run();
    expect(pacer.sent).toBe(3);
    expect(timers.pending()).toEqual([]);
  });

  it("sends nothing when the count is zero", () => {
    const timers = stepTimers();
    const pacer = startPacing({ intervalMs: 10, start: "now", count: 0 }, { after: timers.after, random: fixed(0), send: () => true });
    expect(pacer.sent).toBe(0);
    expect(timers.pending()).toEqual([]);
  });

  it("tries a refused send again soon, and does not count it", () => {
    const timers = stepTimers();
    const answers = [false, true];
    const pacer = startPacing(
      { intervalMs: 5000, start: "now" },
      { after: timers.after, random: fixed(0.5), send: () => answers.shift() ?? true },
    );
    expect(pacer.sent).toBe(0);
    expect(timers.run()).toBe(RETRY_MS);
    expect(pacer.sent).toBe(1);
    expect(timers.pending()).toEqual([5000]);
  });

  it("sends nothing more once stopped", () => {
    const timers = stepTimers();
    const send = counter();
    const pacer = startPacing({ intervalMs: 100, start: "now" }, { after: timers.after, random: fixed(0.5), send });
    pacer.stop();
    expect(timers.pending()).toEqual([]);
    expect(send.calls).toBe(1);
  });

  it("sends, then draws the gap: the order in which a seeded run takes random numbers", () => {
    const timers = stepTimers();
    const log: string[] = [];
    const random: Random = {
      next: () => {
        log.push("random");
        return 0.5;
      },
    };
    const send = () => {
      log.push("send");
      return true;
    };
    startPacing({ intervalMs: 100, start: "now", count: 2 }, { after: timers.after, random, send });
    timers.run();
    expect(log).toEqual(["send", "random", "send"]);
  });
});
