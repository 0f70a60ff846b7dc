/**
 * Every message in flight in one room, as plain data (the network of
 * RaftScope): a flight is a record of what travels, on which link, and when
 * it is due; `land` is the one step function that makes it arrive. The
 * teacher can pause the network, release the next message (step), slow it
 * down, and hold, drop, duplicate or deliver at once any one message. The
 * table can be snapshotted and restored. Pure over the injected clock.
 */
import type { Clock } from "../shared/clock.ts";

/**
 * Messages in flight in one room at most (about 300 bytes each): the table is bounded, however
 * long a pause lasts. Slow motion at its slowest with 30 tabs auto-sending stays below it.
 */
export const MAX_FLIGHTS = 100_000;

/** What a message in flight is, for the teacher's board. */
export interface FlightLabel {
  readonly direction: "up" | "down";
  readonly workerId: number;
  /** "stamped" and "send" are the messages a teacher acts on; "control" (acks, heads) is never held back. */
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

/** A message in flight: plain data, landed by the link it travels on. */
export interface Flight extends FlightInfo {
  /** The link that lands it (see `attach`). */
  readonly link: number;
  readonly payload: unknown;
}

/** Where flights land: one direction of one worker's connection. */
export interface Lander {
  land(payload: unknown): void;
}

interface LinkEntry {
  readonly lander: Lander;
  /** Flights of this link in the table. */
  inFlight: number;
  /** It takes no more messages, and goes when `inFlight` reaches 0. */
  retiring: boolean;
}

/** The table at one moment; restoring it puts the same messages back in flight, as far from due as they were. */
export interface FlightSnapshot {
  readonly at: number;
  readonly nextId: number;
  readonly paused: boolean;
  readonly slowdown: number;
  readonly doomed: readonly string[];
  readonly flights: readonly Flight[];
}

export class FlightControl {
  private flights = new Map<number, Flight & { held: boolean }>();
  private readonly links = new Map<number, LinkEntry>();
  private nextLink = 1;
  private nextId = 1;
  // Timers set before a restore must not land the restored table's flights.
  private generation = 0;
  // Messages to lose on purpose, as "direction worker number" (a scenario's lost message).
  private readonly doomed = new Set<string>();
  paused = false;
  /** Messages lost because the table was full. */
  overflowed = 0;
  /** Delays are multiplied by this (slow motion). */
  slowdown = 1;

  constructor(private readonly clock: Clock) {}

  /** Whether a message may skip the table (nothing to watch, stop or lose). */
  get idle(): boolean {
    return !this.paused && this.slowdown === 1 && this.doomed.size === 0;
  }

  /** A link whose flights land through `lander`; returns its id. */
  attach(lander: Lander): number {
    const id = this.nextLink++;
    this.links.set(id, { lander, inFlight: 0, retiring: false });
    return id;
  }

  /** The link is cut: what is still in flight on it never lands. */
  detach(link: number): void {
    this.links.delete(link);
  }

  /** The link takes no more messages: it goes once what is in flight on it has landed. */
  retire(link: number): void {
    const entry = this.links.get(link);
    if (!entry) return;
    if (entry.inFlight === 0) this.links.delete(link);
    else entry.retiring = true;
  }

  /** A flight left the table (landed, dropped or forgotten). */
  private left(flight: Flight): void {
    const entry = this.links.get(flight.link);
    if (entry && --entry.inFlight === 0 && entry.retiring) this.links.delete(flight.link);
  }

  /** Forgets every message in flight and every planned loss, but not pause or slow motion (a reset). */
  forget(): void {
    for (const flight of this.flights.values()) this.left(flight);
    this.flights.clear();
    this.doomed.clear();
  }

  /** Forgets everything in flight (a restart). */
  clear(): void {
    this.forget();
    this.paused = false;
    this.slowdown = 1;
  }

  /** Puts a message in flight on `link`; returns false if it was lost (planned, or the table is full). */
  launch(label: FlightLabel, delayMs: number, link: number, payload: unknown): boolean {
    if (this.doomed.size > 0 && this.doomed.delete(`${label.direction} ${label.workerId} ${label.number}`)) return false;
    // A long pause under load fills the table: further messages are lost, as a full router's
    // buffer loses them, and the workers' resends and NACKs recover them after the pause.
    if (this.flights.size >= MAX_FLIGHTS) {
      this.overflowed++;
      return false;
    }
    const { direction, workerId, kind, number } = label;
    const id = this.nextId++;
    const dueAt = this.clock.now() + delayMs * this.slowdown;
    this.flights.set(id, { id, direction, workerId, kind, number, dueAt, held: false, link, payload });
    const entry = this.links.get(link);
    if (entry) entry.inFlight++;
    this.schedule(id, dueAt);
    return true;
  }

  private schedule(id: number, dueAt: number): void {
    const generation = this.generation;
    this.clock.after(dueAt - this.clock.now(), () => {
      if (generation === this.generation) this.due(id);
    });
  }

  private due(id: number): void {
    const flight = this.flights.get(id);
    if (!flight) return;
    // Housekeeping (acks, heads) is never held back: the teacher acts on messages, not on them.
    if (flight.kind !== "control" && (this.paused || flight.held)) return;
    this.land(flight);
  }

  /** The step function: the flight leaves the table and arrives, unless its link was cut. */
  private land(flight: Flight): void {
    this.flights.delete(flight.id);
    const lander = this.links.get(flight.link)?.lander;
    this.left(flight);
    lander?.land(flight.payload);
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
    const now = this.clock.now();
    for (const flight of this.list()) {
      const live = this.flights.get(flight.id);
      if (live && !live.held && live.dueAt <= now) this.land(live);
    }
  }

  /** Releases the next message in flight (the soonest due, not held). Returns whether there was one. */
  step(): boolean {
    let next: Flight | undefined;
    for (const flight of this.flights.values()) {
      if (flight.kind !== "control" && !flight.held && (!next || flight.dueAt < next.dueAt)) next = flight;
    }
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
    if (!this.paused && flight.dueAt <= this.clock.now()) this.land(flight);
    return true;
  }

  drop(id: number): boolean {
    const flight = this.flights.get(id);
    if (!flight) return false;
    this.flights.delete(id);
    this.left(flight);
    return true;
  }

  /** A second copy of the message, arriving a little after the first. */
  duplicate(id: number): boolean {
    const flight = this.flights.get(id);
    if (!flight) return false;
    const later = Math.max(0, flight.dueAt - this.clock.now()) + 200;
    return this.launch(flight, later / this.slowdown, flight.link, flight.payload);
  }

  /** Delivers the message now, held or paused. */
  deliverNow(id: number): boolean {
    const flight = this.flights.get(id);
    if (flight) this.land(flight);
    return flight !== undefined;
  }

  /** The table now, as data. */
  snapshot(): FlightSnapshot {
    return {
      at: this.clock.now(),
      nextId: this.nextId,
      paused: this.paused,
      slowdown: this.slowdown,
      doomed: [...this.doomed],
      flights: [...this.flights.values()].map((flight) => ({ ...flight })),
    };
  }

  /** Puts back a snapshot's table: each message as far from due as it was when the snapshot was taken. */
  restore(snapshot: FlightSnapshot): void {
    this.generation++;
    this.forget();
    const shift = this.clock.now() - snapshot.at;
    this.flights = new Map(snapshot.flights.map((flight) => [flight.id, { ...flight, dueAt: flight.dueAt + shift }]));
    for (const flight of this.flights.values()) {
      const entry = this.links.get(flight.link);
      if (entry) entry.inFlight++;
    }
    this.nextId = snapshot.nextId;
    this.paused = snapshot.paused;
    this.slowdown = snapshot.slowdown;
    this.doomed.clear();
    for (const doomed of snapshot.doomed) this.doomed.add(doomed);
    for (const flight of this.flights.values()) this.schedule(flight.id, flight.dueAt);
  }
}

function info({ id, direction, workerId, kind, number, dueAt, held }: FlightInfo): FlightInfo {
  return { id, direction, workerId, kind, number, dueAt, held };
}
