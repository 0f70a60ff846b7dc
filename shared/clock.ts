/**
 * Time and timers, passed in: real in the server, the tab and the CLI;
 * virtual in seeded simulations, where a run replays exactly. Every timer can
 * be cancelled, so whoever starts one can stop it (a worker that stops, a
 * scenario that is replaced, a network restored from a snapshot).
 */

/** Cancels a timer; after it ran, or a second time, it does nothing. */
export type Cancel = () => void;

export interface Clock {
  /** Milliseconds, on whatever scale the clock keeps (wall time, or virtual time from 0). */
  now(): number;
  /** Runs `run` once, `ms` from now (0: as soon as the work in hand is done). */
  after(ms: number, run: () => void): Cancel;
}
