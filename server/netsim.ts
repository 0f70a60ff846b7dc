/**
 * The simulated network. One WebSocket is one TCP stream and never reorders,
 * so without this the hold-back queue would never hold anything. Each link
 * delays each message on its own (base delay plus uniform jitter), so messages
 * on one link overtake each other. Pure scheduling over an injected scheduler
 * and random source: a seeded run replays exactly.
 */
import type { NetworkSettings } from "../shared/protocol.ts";
import type { Random } from "../shared/random.ts";

/** Runs a function after a delay. Real time in the server, virtual time in simulations. */
export interface Scheduler {
  now(): number;
  after(ms: number, run: () => void): void;
}

/** The scheduler of a real process: Date.now and setTimeout. */
export const realScheduler: Scheduler = {
  now: () => Date.now(),
  after: (ms, run) => {
    setTimeout(run, ms);
  },
};

/** The network as a room sees it: its current settings, its scheduler and its random source. */
export interface Network {
  readonly settings: () => NetworkSettings;
  readonly scheduler: Scheduler;
  readonly random: Random;
}

/** One direction of one worker's connection. */
export class SimulatedLink<T> {
  private open = true;

  constructor(
    private readonly network: Network,
    private readonly arrive: (message: T) => void,
  ) {}

  /** Puts a message on the link; it arrives after its own random delay. */
  send(message: T): void {
    if (!this.open) return;
    const { delay, jitter } = this.network.settings();
    const ms = delay + this.network.random.next() * jitter;
    if (ms <= 0) {
      this.arrive(message);
      return;
    }
    this.network.scheduler.after(ms, () => {
      if (this.open) this.arrive(message);
    });
  }

  /** Drops whatever is still in flight, as a cut cable would. */
  close(): void {
    this.open = false;
  }
}
