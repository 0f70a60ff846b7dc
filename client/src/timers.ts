import type { Cancel } from "../../shared/clock.ts";

/** Runs `run` after `ms` on the page's timers; returns a cancel function (the page's `Clock["after"]`). */
export function after(ms: number, run: () => void): Cancel {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
}
