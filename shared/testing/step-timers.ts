/**
 * Timers a test fires by hand, one at a time, in the order they were set:
 * `pending()` lists the waits still live, `run()` fires the oldest live one
 * and returns its wait. For code that takes an `after(ms, run) => cancel`.
 */
import type { Cancel } from "../clock.ts";

export function stepTimers() {
  const timers: { ms: number; run: () => void; live: boolean }[] = [];
  return {
    after(ms: number, run: () => void): Cancel {
      const timer = { ms, run, live: true };
      timers.push(timer);
      return () => {
        timer.live = false;
      };
    },
    pending: () => timers.filter((t) => t.live).map((t) => t.ms),
    run(): number {
      const timer = timers.find((t) => t.live);
      if (!timer) throw new Error("no timer is pending");
      timer.live = false;
      timer.run();
      return timer.ms;
    },
  };
}
