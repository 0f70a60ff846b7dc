/** Runs `run` after `ms` on the page's timers; returns a cancel function (the shape shared/ modules take). */
export function after(ms: number, run: () => void): () => void {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
}
