/**
 * Waiting for a condition, in tests and scripts. Every wait has a deadline,
 * and a wait that misses it says what it was waiting for.
 */

export interface UntilOptions {
  /** Give up after this long; default 10 s. */
  readonly timeoutMs?: number;
  /** Time between checks; 0 (the default) checks again on the next turn of the event loop. */
  readonly intervalMs?: number;
}

/** Thrown when a wait misses its deadline; the message names what was awaited. */
export class WaitTimeout extends Error {
  override readonly name = "WaitTimeout";
}

/**
 * Resolves once `check()` holds. Rejects with a WaitTimeout, "timed out after
 * N ms waiting for WHAT", once the deadline passes; `what` may be a function,
 * to describe the state at that moment.
 */
export async function until(
  check: () => boolean | Promise<boolean>,
  what: string | (() => string),
  options: UntilOptions = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 0;
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() >= deadline) {
      throw new WaitTimeout(timedOut(timeoutMs, what));
    }
    await new Promise((resolve) => (intervalMs > 0 ? setTimeout(resolve, intervalMs) : setImmediate(resolve)));
  }
}

/** Resolves with `promise`, or rejects with a WaitTimeout naming `what` once `timeoutMs` pass. */
export function within<T>(promise: Promise<T>, what: string | (() => string), timeoutMs: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WaitTimeout(timedOut(timeoutMs, what))), timeoutMs);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

function timedOut(timeoutMs: number, what: string | (() => string)): string {
  return `timed out after ${timeoutMs} ms waiting for ${typeof what === "function" ? what() : what}`;
}
