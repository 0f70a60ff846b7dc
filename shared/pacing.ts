/**
 * Auto-send pacing, shared by a tab's Auto and the CLI worker: gaps drawn at
 * random from half to one and a half intervals, so that a class of senders
 * never fires in step. Pure over an injected `after` and random source: it
 * has no timers of its own, and a test drives it with virtual ones.
 */
import type { Random } from "./random.ts";

export interface Pacing {
  /** The mean gap between sends, in ms. */
  readonly intervalMs: number;
  /** Stop after this many sends went out (default: never stop). */
  readonly count?: number;
  /**
   * "now": the first send at once (the CLI worker). "phase": after a random part
   * of one interval (a tab, so that tabs switched on together spread out).
   */
  readonly start: "now" | "phase";
  /** The wait after a refused send (not connected yet) before trying again, in ms. */
  readonly retryMs?: number;
}

export interface PacingDeps {
  /** Runs `run` after `ms`; returns a cancel function. */
  readonly after: (ms: number, run: () => void) => () => void;
  readonly random: Random;
  /** Sends one message; false when it was refused and should be tried again soon. */
  readonly send: () => boolean;
}

export interface Pacer {
  /** How many sends went out. */
  readonly sent: number;
  /** Stops sending; a pending send is cancelled. */
  stop(): void;
}

/** The wait after a refused send, unless the pacing says otherwise. */
export const RETRY_MS = 200;

/** The gap after a send: uniform from 50% to 150% of the interval. Takes one number from `random`. */
export function gapAfter(intervalMs: number, random: Random): number {
  return intervalMs * (0.5 + random.next());
}

/** The wait before the first send. "phase" takes one number from `random`, "now" none. */
export function firstWait(pacing: Pacing, random: Random): number {
  return pacing.start === "now" ? 0 : pacing.intervalMs * random.next();
}

/** Starts sending at the pacing's rate until `count` sends went out or it is stopped. */
export function startPacing(pacing: Pacing, { after, random, send }: PacingDeps): Pacer {
  const count = pacing.count ?? Number.POSITIVE_INFINITY;
  let sent = 0;
  let stopped = false;
  let cancel: () => void = () => {};
  const tick = () => {
    if (stopped || sent >= count) return;
    const accepted = send();
    if (accepted) sent++;
    if (sent >= count) return;
    cancel = after(accepted ? gapAfter(pacing.intervalMs, random) : (pacing.retryMs ?? RETRY_MS), tick);
  };
  if (count > 0) {
    if (pacing.start === "now") tick();
    else cancel = after(firstWait(pacing, random), tick);
  }
  return {
    get sent() {
      return sent;
    },
    stop() {
      stopped = true;
      cancel();
    },
  };
}
