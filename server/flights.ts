/**
 * Every message in flight in one room, as plain data (the network of
 * RaftScope): a flight is a record of what travels, on which link, and when
 * it is due; `land` is the one step function that makes it arrive. The
 * teacher can pause the network, release the next message (step), slow it
 * down, and hold, drop, duplicate or deliver at once any one message. The
 * table can be snapshotted and restored. Pure over the injected clock.
 */
import type { Clock } from "../shared/clock.ts";
import type { Entry, FlightInfo, FlightLabel, FlightSnapshot, Lander, LinkEntry } from "./flights/types.ts";
import { before, COARSE_FROM, FlightRecords, info, MAX_FLIGHTS, plain } from "./flights/types.ts";
import { byDue, TimingWheel } from "./flights/wheel.ts";

export {
  COARSE_FROM,
  type Flight,
  type FlightInfo,
  type FlightLabel,
  type FlightSnapshot,
  type Lander,
  MAX_FLIGHTS,
} from "./flights/types.ts";

export class FlightControl {
  // Flights not yet due, on a timing wheel (one timer per tick, not per flight).
  private wheel: TimingWheel<Entry>;
  // Flights due but not landed: held, or (not housekeeping) while the network is paused.
  private overdue: Entry[] = [];
  private readonly records = new FlightRecords();
  // The tick landing now, and the next of its flights to land.
  private landing: Entry[] = [];
  private next = 0;
  private count = 0;
  private readonly links = new Map<number, LinkEntry>();
  private nextLink = 1;
  private nextId = 1;
  // Messages to lose on purpose, as "direction worker number" (a scenario's lost message).
  private readonly doomed = new Set<string>();
  paused = false;
  /** Messages lost because the table was full. */
  overflowed = 0;
  /** Delays are multiplied by this (slow motion). */
  slowdown = 1;

  /**
   * `tickMs`: the wheel's tick. While `coarseFrom` or more messages are in flight, a new one
   * is due at the end of its tick and lands with the tick's others, in due-time order; with
   * fewer (a demo, a scenario), or tick 0, each lands at its exact due time, so what a small
   * room shows is exactly what it showed before the wheel. `maxFlights`: see MAX_FLIGHTS.
   */
  constructor(
    private readonly clock: Clock,
    tickMs = 0,
    private readonly coarseFrom = COARSE_FROM,
    private readonly maxFlights = MAX_FLIGHTS,
  ) {
    this.wheel = new TimingWheel<Entry>(clock, tickMs, (entries) => this.due(entries));
  }

  /** Whether a message may skip the table (nothing to watch, stop or lose). */
  get idle(): boolean {
    return !this.paused && this.slowdown === 1 && this.doomed.size === 0;
  }

  /** Messages in flight now. */
  get size(): number {
    return this.count;
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
  private left(flight: Entry): void {
    flight.gone = true;
    this.count--;
    const entry = this.links.get(flight.link);
    if (entry && --entry.inFlight === 0 && entry.retiring) this.links.delete(flight.link);
  }

  /** Forgets every message in flight and every planned loss, but not pause or slow motion (a reset). */
  forget(): void {
    for (const flight of this.live()) this.left(flight);
    this.wheel.clear();
    this.overdue = [];
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
    if (this.count >= this.maxFlights) {
      this.overflowed++;
      return false;
    }
    const id = this.nextId++;
    const dueAt = this.clock.now() + delayMs * this.slowdown;
    this.put(this.records.make(id, label, dueAt, link, payload));
    return true;
  }

  private put(flight: Entry): void {
    this.count++;
    const entry = this.links.get(flight.link);
    if (entry) entry.inFlight++;
    this.wheel.add(flight, this.count >= this.coarseFrom);
  }

  /** A tick's flights are due: they land in due-time order, but for those held or stopped by a pause. */
  private due(flights: Entry[]): void {
    // What a landing sets off (a reset, the teacher's hand) still sees the rest of the tick in the table.
    this.landing = flights;
    for (this.next = 0; this.next < flights.length; ) {
      const flight = flights[this.next++] as Entry;
      // Housekeeping (acks, heads) is never held back: the teacher acts on messages, not on them.
      if (!flight.gone && flight.kind !== "control" && (this.paused || flight.held)) {
        this.overdue.push(flight);
        continue;
      }
      if (!flight.gone) this.land(flight);
      // Out of the wheel and landed (or gone before): nothing refers to the record any more.
      this.records.reuse(flight);
    }
    this.landing = [];
  }

  /** The step function: the flight leaves the table and arrives, unless its link was cut. */
  private land(flight: Entry): void {
    const lander = this.links.get(flight.link)?.lander;
    this.left(flight);
    lander?.land(flight.payload);
  }

  /** Every flight in the table, in no particular order. */
  private *live(): Generator<Entry> {
    for (let i = this.next; i < this.landing.length; i++) if (!this.landing[i]?.gone) yield this.landing[i] as Entry;
    for (const flight of this.wheel.entries()) if (!flight.gone) yield flight;
    for (const flight of this.overdue) if (!flight.gone) yield flight;
  }

  private find(id: number): Entry | undefined {
    for (const flight of this.live()) if (flight.id === id) return flight;
    return undefined;
  }

  /** The messages in flight, soonest first. */
  list(): FlightInfo[] {
    return [...this.live()].sort(byDue).map(info);
  }

  /**
   * The `limit` messages in flight due soonest, of those `include` takes, soonest first: what the
   * board shows several times a second. The wheel's buckets are read soonest first, and only
   * until no later one can hold a sooner flight (the table may hold 400,000).
   */
  soonest(limit: number, include: (flight: FlightInfo) => boolean): FlightInfo[] {
    const best: Entry[] = [];
    const consider = (flight: Entry) => {
      const worst = best[best.length - 1];
      if (flight.gone || (best.length === limit && worst && !before(flight, worst)) || !include(flight)) return;
      // Insertion into the short sorted list, by due time then launch order.
      let i = best.length;
      best.push(flight);
      for (; i > 0 && before(flight, best[i - 1] as Entry); i--) best[i] = best[i - 1] as Entry;
      best[i] = flight;
      if (best.length > limit) best.pop();
    };
    for (const flight of this.overdue) consider(flight);
    for (const [slot, bucket] of this.wheel.bySlot()) {
      const worst = best[best.length - 1];
      // A bucket's flights are due after its tick began: once the list is full of sooner ones, stop.
      if (best.length === limit && worst && worst.dueAt < slot - this.wheel.tickMs) break;
      for (const flight of bucket) consider(flight);
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
    const due = [...this.overdue, ...this.wheel.takeThrough(now)].sort(byDue);
    this.overdue = [];
    // What the wheel gave is due (its tick ended); held flights wait on.
    for (const flight of due) {
      if (flight.gone) continue;
      if (flight.held) this.overdue.push(flight);
      else this.land(flight);
    }
  }

  /** Releases the next message in flight (the soonest due, not held). Returns whether there was one. */
  step(): boolean {
    let next: Entry | undefined;
    for (const flight of this.live()) {
      if (flight.kind !== "control" && !flight.held && (!next || before(flight, next))) next = flight;
    }
    if (!next) return false;
    this.land(next);
    return true;
  }

  hold(id: number): boolean {
    const flight = this.find(id);
    if (flight) flight.held = true;
    return flight !== undefined;
  }

  release(id: number): boolean {
    const flight = this.find(id);
    if (!flight) return false;
    flight.held = false;
    if (!this.paused && flight.dueAt <= this.clock.now()) this.land(flight);
    return true;
  }

  drop(id: number): boolean {
    const flight = this.find(id);
    if (!flight) return false;
    this.left(flight);
    return true;
  }

  /** A second copy of the message, arriving a little after the first. */
  duplicate(id: number): boolean {
    const flight = this.find(id);
    if (!flight) return false;
    const later = Math.max(0, flight.dueAt - this.clock.now()) + 200;
    return this.launch(flight, later / this.slowdown, flight.link, flight.payload);
  }

  /** Delivers the message now, held or paused. */
  deliverNow(id: number): boolean {
    const flight = this.find(id);
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
      flights: [...this.live()].sort((a, b) => a.id - b.id).map(plain),
    };
  }

  /** Puts back a snapshot's table: each message as far from due as it was when the snapshot was taken. */
  restore(snapshot: FlightSnapshot): void {
    this.forget();
    // A fresh wheel: the old one's timers, when they fire, find nothing of the restored table.
    this.wheel = new TimingWheel<Entry>(this.clock, this.wheel.tickMs, (entries) => this.due(entries));
    const shift = this.clock.now() - snapshot.at;
    this.nextId = snapshot.nextId;
    this.paused = snapshot.paused;
    this.slowdown = snapshot.slowdown;
    this.doomed.clear();
    for (const doomed of snapshot.doomed) this.doomed.add(doomed);
    for (const flight of snapshot.flights) this.put({ ...flight, dueAt: flight.dueAt + shift, gone: false });
  }
}
