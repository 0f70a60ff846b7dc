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

/**
 * Messages in flight in one room at most (about 300 bytes each): the table is bounded, however
 * long a pause lasts. Slow motion at its slowest with 30 tabs auto-sending stays below it.
 */
export const MAX_FLIGHTS = 100_000;

/** What a message in flight is, for the teacher's board. */
export interface FlightLabel {
  readonly direction: "up" | "down";
  readonly workerId: number;
  /** "stamped" and "send" are the messages a teacher acts on; "control" (acks, heads) never waits in the table. */
  readonly kind: "stamped" | "send" | "control";
  /** The seq of a stamped message, the send number of a send. */
  readonly number: number;
}

/** A message in flight, as the board lists it. */
export interface FlightInfo extends FlightLabel {
  readonly id: number;
  readonly dueAt: number;
  readonly held: boolean;
}

interface Flight extends FlightInfo {
  held: boolean;
  readonly arrive: () => void;
  readonly open: () => boolean;
}

/**
 * Every message in flight in one room, as data (the network of RaftScope):
 * the teacher can pause the network, release the next message (step), slow
 * it down, and hold, drop, duplicate or deliver at once any one message.
 * Pure over the scheduler.
 */
export class FlightControl {
  private readonly flights = new Map<number, Flight>();
  private nextId = 1;
  // Messages to lose on purpose, as "direction worker number" (a scenario's lost message).
  private readonly doomed = new Set<string>();
  paused = false;
  /** Messages lost because the table was full. */
  overflowed = 0;
  /** Delays are multiplied by this (slow motion). */
  slowdown = 1;

  constructor(private readonly scheduler: Scheduler) {}

  /** Whether a message may skip the table (nothing to watch, stop or lose). */
  get idle(): boolean {
    return !this.paused && this.slowdown === 1 && this.doomed.size === 0;
  }

  /** Forgets every message in flight and every planned loss, but not pause or slow motion (a reset). */
  forget(): void {
    this.flights.clear();
    this.doomed.clear();
  }

  /** Forgets everything in flight (a restart). */
  clear(): void {
    this.flights.clear();
    this.doomed.clear();
    this.paused = false;
    this.slowdown = 1;
  }

  /** Puts a message in flight; returns false if it was lost (planned, or the table is full). */
  launch(label: FlightLabel, delayMs: number, arrive: () => void, open: () => boolean): boolean {
    if (this.doomed.size > 0 && this.doomed.delete(`${label.direction} ${label.workerId} ${label.number}`)) return false;
    // A long pause under load fills the table: further messages are lost, as a full router's
    // buffer loses them, and the workers' resends and NACKs recover them after the pause.
    if (this.flights.size >= MAX_FLIGHTS) {
      this.overflowed++;
      return false;
    }
    const id = this.nextId++;
    const dueAt = this.scheduler.now() + delayMs * this.slowdown;
    this.flights.set(id, { ...label, id, dueAt, held: false, arrive, open });
    this.scheduler.after(dueAt - this.scheduler.now(), () => this.due(id));
    return true;
  }

  private due(id: number): void {
    const flight = this.flights.get(id);
    if (!flight || this.paused || flight.held) return;
    this.land(flight);
  }

  private land(flight: Flight): void {
    this.flights.delete(flight.id);
    if (flight.open()) flight.arrive();
  }

  /** The messages in flight, soonest first. */
  list(): FlightInfo[] {
    return [...this.flights.values()].sort((a, b) => a.dueAt - b.dueAt).map(info);
  }

  /**
   * The `limit` messages in flight due soonest, of those `include` takes, soonest first. One pass
   * over the table (which may hold 100,000): what the board shows several times a second.
   */
  soonest(limit: number, include: (flight: FlightInfo) => boolean): FlightInfo[] {
    const best: Flight[] = [];
    for (const flight of this.flights.values()) {
      const worst = best[best.length - 1];
      if (!include(flight) || (best.length === limit && worst && flight.dueAt >= worst.dueAt)) continue;
      // Insertion into the short sorted list; equal due times keep their launch order.
      let i = best.length;
      best.push(flight);
      for (; i > 0 && (best[i - 1] as Flight).dueAt > flight.dueAt; i--) best[i] = best[i - 1] as Flight;
      best[i] = flight;
      if (best.length > limit) best.pop();
    }
    return best.map(info);
  }

  /** The next time this message is put on its link, it is lost. */
  loseNext(direction: "up" | "down", workerId: number, number: number): void {
    this.doomed.add(`${direction} ${workerId} ${number}`);
  }

  pause(): void {
    this.paused = true;
  }

  /** Unpauses: everything already due lands now, soonest first. */
  resume(): void {
    this.paused = false;
    const now = this.scheduler.now();
    for (const flight of this.list()) {
      const live = this.flights.get(flight.id);
      if (live && !live.held && live.dueAt <= now) this.land(live);
    }
  }

  /** Releases the next message in flight (the soonest due, not held). Returns whether there was one. */
  step(): boolean {
    let next: Flight | undefined;
    for (const flight of this.flights.values()) if (!flight.held && (!next || flight.dueAt < next.dueAt)) next = flight;
    if (!next) return false;
    this.land(next);
    return true;
  }

  hold(id: number): boolean {
    const flight = this.flights.get(id);
    if (flight) flight.held = true;
    return flight !== undefined;
  }

  release(id: number): boolean {
    const flight = this.flights.get(id);
    if (!flight) return false;
    flight.held = false;
    if (!this.paused && flight.dueAt <= this.scheduler.now()) this.land(flight);
    return true;
  }

  drop(id: number): boolean {
    return this.flights.delete(id);
  }

  /** A second copy of the message, arriving a little after the first. */
  duplicate(id: number): boolean {
    const flight = this.flights.get(id);
    if (!flight) return false;
    const later = Math.max(0, flight.dueAt - this.scheduler.now()) + 200;
    return this.launch(flight, later / this.slowdown, flight.arrive, flight.open);
  }

  /** Delivers the message now, held or paused. */
  deliverNow(id: number): boolean {
    const flight = this.flights.get(id);
    if (flight) this.land(flight);
    return flight !== undefined;
  }
}

function info({ id, direction, workerId, kind, number, dueAt, held }: Flight): FlightInfo {
  return { id, direction, workerId, kind, number, dueAt, held };
}

/** One direction of one worker's connection. */
export class SimulatedLink<T> {
  private open = true;

  constructor(
    private readonly network: Network,
    private readonly arrive: (message: T) => void,
    /** The room's flight table, and how to label a message in it; without them, plain timers. */
    private readonly control?: { readonly flights: FlightControl; readonly label: (message: T) => FlightLabel },
  ) {}

  /** Puts a message on the link: it may be lost, and it or its duplicate arrives after its own delay. */
  send(message: T): void {
    if (!this.open) return;
    const { delay, jitter, loss, dup } = this.network.settings();
    // The fast path: no simulated network and nothing for the teacher to watch.
    if (delay === 0 && jitter === 0 && loss === 0 && dup === 0 && (this.control?.flights.idle ?? true)) {
      this.arrive(message);
      return;
    }
    // Messages the teacher acts on go through the flight table; acks and heads (housekeeping) do not.
    const label = this.control?.label(message);
    const flights = label && label.kind !== "control" ? this.control?.flights : undefined;
    const random = this.network.random;
    if (loss > 0 && random.next() < loss) return;
    const copies = dup > 0 && random.next() < dup ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      const ms = delay + random.next() * jitter;
      if (flights && label) {
        flights.launch(
          label,
          ms,
          () => this.arrive(message),
          () => this.open,
        );
      } else {
        this.network.scheduler.after(ms, () => {
          if (this.open) this.arrive(message);
        });
      }
    }
  }

  /** Drops whatever is still in flight, as a cut cable would. */
  close(): void {
    this.open = false;
  }
}
