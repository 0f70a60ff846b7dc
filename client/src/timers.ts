import type { Cancel } from "../../shared/clock.ts";

/** Runs `run` after `ms` on the page's timers; returns a cancel function (the page's `Clock["after"]`). */
export function after(ms: number, run: () => void): Cancel {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
}

/**
 * Runs `run` at the start of the page's next frame, so that work which changes the page (and the
 * layout and paint it causes) fits in that frame instead of pushing it back. A hidden page draws
 * no frames: there it runs on the next turn instead, so nothing waits for the page to be seen.
 */
export function atNextFrame(run: () => void): void {
  if (typeof requestAnimationFrame === "function" && document.visibilityState === "visible") requestAnimationFrame(() => run());
  else setTimeout(run, 0);
}
