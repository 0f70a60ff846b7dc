/** The flight table's records, as plain data (see ../flights.ts). */

/**
 * Messages in flight from which new ones land on the wheel's ticks (a lecture's load: 300
 * students on auto-send keep about 60,000 in flight); below it, at their exact due times.
 */
export const COARSE_FROM = 2000;

/**
 * Messages in flight in one room at most (about 150 bytes each, 60 MB in all): the table is
 * bounded, however long a pause lasts. A lecture of 300 students sending twice a second on the
 * default network keeps about 130,000 in flight (600 messages a second to 300 workers, 0.7 s
 * on the way on average), and slow motion at its slowest with 30 tabs stays below it too.
 */
export const MAX_FLIGHTS = 400_000;

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

/** The table at one moment; restoring it puts the same messages back in flight, as far from due as they were. */
export interface FlightSnapshot {
  readonly at: number;
  readonly nextId: number;
  readonly paused: boolean;
  readonly slowdown: number;
  readonly doomed: readonly string[];
  readonly flights: readonly Flight[];
}

/** A flight as the table keeps it: `gone` once it landed or was dropped before its tick came. */
export type Entry = { -readonly [K in keyof Flight]: Flight[K] } & { gone: boolean };

/** Whether `a` is due before `b` (ties: launched first). */
export function before(a: Entry, b: Entry): boolean {
  return a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.id < b.id);
}

/** The flight as data, for a snapshot. */
export function plain({ id, direction, workerId, kind, number, dueAt, held, link, payload }: Entry): Flight {
  return { id, direction, workerId, kind, number, dueAt, held, link, payload };
}

/** What the board is told of a flight. */
export function info({ id, direction, workerId, kind, number, dueAt, held }: FlightInfo): FlightInfo {
  return { id, direction, workerId, kind, number, dueAt, held };
}

/** Landed flights' records kept for reuse, at most. */
const SPARE_KEPT = 65_536;

/**
 * Flight records, reused once landed: at a lecture's 90,000 flights a second none becomes
 * garbage, and none is copied into the old generation to die there (each lives about a second).
 */
export class FlightRecords {
  private readonly spare: Entry[] = [];

  /** A record of a new flight, not held (`label` is only read: it may be another flight). */
  make(id: number, label: FlightLabel, dueAt: number, link: number, payload: unknown): Entry {
    const { direction, workerId, kind, number } = label;
    const entry = this.spare.pop();
    if (!entry) return { id, direction, workerId, kind, number, dueAt, held: false, link, payload, gone: false };
    entry.id = id;
    entry.direction = direction;
    entry.workerId = workerId;
    entry.kind = kind;
    entry.number = number;
    entry.dueAt = dueAt;
    entry.held = false;
    entry.link = link;
    entry.payload = payload;
    entry.gone = false;
    return entry;
  }

  /** The record left the table and nothing refers to it: it may be made again. */
  reuse(entry: Entry): void {
    entry.payload = undefined;
    if (this.spare.length < SPARE_KEPT) this.spare.push(entry);
  }
}

/** A link of the table: where its flights land, and how many are in flight. */
export interface LinkEntry {
  readonly lander: Lander;
  /** Flights of this link in the table. */
  inFlight: number;
  /** It takes no more messages, and goes when `inFlight` reaches 0. */
  retiring: boolean;
}
