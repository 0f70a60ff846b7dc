/** The clock of a real process: wall time and Node's timers. */
import type { Clock } from "../shared/clock.ts";

export const realClock: Clock = {
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
};
