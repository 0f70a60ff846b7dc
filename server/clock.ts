/** The clock of a real process: wall time and Node's timers. */
import type { Clock } from "../shared/clock.ts";

/**
 * The tick of the flight table's timing wheel on the real clock: messages in flight due within
 * one tick land together at its end, in due-time order, and leave in one write per worker. A
 * few milliseconds is far below the simulated network's delays and what an eye sees, and at a
 * lecture's load (90,000 deliveries a second) turns one timer and one write per delivery into
 * one timer per tick and one write per worker per tick.
 */
export const FLIGHT_TICK_MS = 4;

/** A clock that says how coarse the flight table's wheel may be on it. */
export interface FlightTicks {
  /** The wheel's tick in ms; absent or 0: each flight lands at its exact due time. */
  readonly flightTickMs?: number;
}

/** The flight table's tick on `clock`. */
export function flightTickOf(clock: Clock): number {
  return (clock as Clock & FlightTicks).flightTickMs ?? 0;
}

/** A clock that can run something when the task in hand ends, before any other task. */
export interface TaskEnds {
  endOfTask?(run: () => void): void;
}

/**
 * Runs `run` when the task in hand ends, before the next one: what one task sends goes together
 * (live-runs.ts). A clock without `endOfTask` runs it as soon as it can (`after(0)`).
 */
export function atTaskEnd(clock: Clock): (run: () => void) => void {
  const ends = clock as Clock & TaskEnds;
  return ends.endOfTask ? (run) => ends.endOfTask?.(run) : (run) => clock.after(0, run);
}

export const realClock: Clock & FlightTicks & TaskEnds = {
  now: () => Date.now(),
  after: (ms, run) => {
    // A zero delay runs after the I/O in hand (setImmediate), not a timer tick of 1 ms later:
    // the log's group commit and the in-memory pipes rely on that to stay fast.
    if (ms <= 0) {
      const immediate = setImmediate(run);
      return () => clearImmediate(immediate);
    }
    const timer = setTimeout(run, ms);
    return () => clearTimeout(timer);
  },
  flightTickMs: FLIGHT_TICK_MS,
  // Node runs microtasks after every callback: the end of the task in hand.
  endOfTask: (run) => queueMicrotask(run),
};
