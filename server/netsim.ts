/**
 * The simulated network. One WebSocket is one TCP stream and never reorders,
 * so without this the hold-back queue would never hold anything. Each link
 * delays each message on its own (base delay plus uniform jitter), so messages
 * on one link overtake each other; it may also lose a message or deliver it
 * twice. Pure scheduling over an injected scheduler and random source: a
 * seeded simulation replays exactly.
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

/** No delay, no loss: the plain fast path. */
export const DIRECT: NetworkSettings = { delay: 0, jitter: 0, loss: 0, dup: 0 };

/** One direction of one worker's connection. */
export class SimulatedLink<T> {
  private open = true;

  constructor(
    private readonly network: Network,
    private readonly arrive: (message: T) => void,
  ) {}

  /** Puts a message on the link: it may be lost, and it or its duplicate arrives after its own delay. */
  send(message: T): void {
    if (!this.open) return;
    const { delay, jitter, loss, dup } = this.network.settings();
    if (delay === 0 && jitter === 0 && loss === 0 && dup === 0) {
      this.arrive(message);
      return;
    }
    const random = this.network.random;
    if (loss > 0 && random.next() < loss) return;
    const copies = dup > 0 && random.next() < dup ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      this.network.scheduler.after(delay + random.next() * jitter, () => {
        if (this.open) this.arrive(message);
      });
    }
  }

  /** Drops whatever is still in flight, as a cut cable would. */
  close(): void {
    this.open = false;
  }
}
