/**
 * The messages of the wire protocol, written out as plain types: JSON text
 * frames, one message per frame, discriminated by `type`. Type imports only,
 * so this module costs nothing at run time; schemas.ts checks every schema
 * against these types, so the two cannot drift apart.
 */
import type { ScenarioId } from "../scenarios.ts";
import type { ErrorCode } from "./codes.ts";

/** The simulated network of a room, the same on every link. */
export interface NetworkSettings {
  /** Base delay of each message on each link, in ms. */
  delay: number;
  /** Extra delay, uniform in 0..jitter ms. */
  jitter: number;
  /** Chance that a message on a link is lost. */
  loss: number;
  /** Chance that a message on a link arrives twice. */
  dup: number;
}

/**
 * How workers deliver: "total" holds back early arrivals and delivers in seq
 * order (the sequencer's total order); "none" delivers each message as it
 * arrives, to show why the sequencer is needed.
 */
export type OrderingMode = "total" | "none";

// ---- worker (and board) to sequencer ----

/** The first message on a connection: join the room, and resume where the worker left off. */
export interface Hello {
  type: "hello";
  version: number;
  /** The worker's stable identity across reconnects; the sequencer makes one up when absent. */
  cid?: string;
  /** Resume: the sequencer replays its history from seq `after + 1`. */
  after?: number;
  /** The epoch `after` belongs to; from another epoch, the replay starts at seq 1. */
  epoch?: string;
  /** Optional server messages the worker reads ("batch": catch-up and live runs in batches); unknown names are ignored. */
  accepts?: string[];
}

/** Asks the sequencer to stamp `data` and forward it to every worker. */
export interface Send {
  type: "send";
  /** The sender's own number for this send, counting from 1. */
  n: number;
  data: string;
}

/** Asks the sequencer to send seqs `from`..`to` again. */
export interface Nack {
  type: "nack";
  /** First missing seq. */
  from: number;
  /** Last missing seq, inclusive. */
  to: number;
}

/** The teacher changes the network or the ordering mode. */
export interface Configure {
  type: "configure";
  /** The teacher key the server printed at start. */
  key: string;
  /** The settings to change; the rest stay as they are. */
  network?: Partial<NetworkSettings>;
  /** A new ordering mode; changing it also resets the room (a new epoch), so every worker starts afresh. */
  mode?: OrderingMode;
}

/** The teacher empties the room's log and starts a new epoch. */
export interface Reset {
  type: "reset";
  key: string;
}

/** A board asks to watch the room. */
export interface Watch {
  type: "watch";
  version: number;
}

interface ControlBase {
  type: "control";
  key: string;
}

/** The teacher's direct hand on the network, and on the class's sending. */
export type Control =
  | (ControlBase & { action: "pause" | "resume" | "step" })
  // Delays are multiplied by `factor` (1 = real speed).
  | (ControlBase & { action: "slow"; factor: number })
  // `id` names the message in flight, as the board lists it.
  | (ControlBase & { action: "hold" | "release" | "drop" | "duplicate" | "deliver"; id: number })
  // A prepared scenario (it resets the room first); the same seed plays the same way.
  | (ControlBase & { action: "scenario"; scenario: ScenarioId; seed: number })
  // Messages a second every worker tab sends; 0 stops.
  | (ControlBase & { action: "autosend"; rate: number });

/** Light up one message's whole life on the board and in every tab of the room (any worker or board; no key). */
export interface Follow {
  type: "follow";
  /** The seq to follow, 1..the last seq; null stops following. */
  seq: number | null;
}

/** Everyone in the room now follows `seq` (null: nothing). */
export interface Followed {
  type: "follow";
  seq: number | null;
  /** The worker id of who asked; null for a board. */
  by: number | null;
}

/**
 * This worker's order class, sent when it changes (or its lag does): `colour` 0 is the sequencer's
 * own order; workers with the same number delivered the same order over the messages both delivered.
 */
export interface Order {
  type: "order";
  colour: number;
  /** How many stamped messages the worker has not delivered yet. */
  lag: number;
}

/** Anything a worker, a board or a key holder may send. */
export type ClientMessage = Hello | Send | Nack | Configure | Reset | Watch | Control | Follow;

// ---- sequencer to worker (and board) ----

/** The answer to `hello`: who the worker is and where the room stands. */
export interface Welcome {
  type: "welcome";
  version: number;
  /** Stable for a cid: a reconnecting worker keeps its id. */
  workerId: number;
  /** The worker's identity: the one it sent, or one the sequencer made up. */
  cid: string;
  /** Names this run of the room's log; it changes when the room is reset or its log is lost. */
  epoch: string;
  /** The last seq sequenced before this worker joined: seqs after `hello.after` up to this one are catch-up. */
  historyThrough: number;
  /** The sequencer has stamped this cid's sends 1..lastN: resend only what comes after. */
  lastN: number;
  serverTime: number;
  network: NetworkSettings;
  mode: OrderingMode;
  /** Messages a second the teacher asks every tab to auto-send (0: none). */
  auto: number;
  /** The teacher slowed the network down by this factor: a worker stretches its timeouts alike. */
  slowdown: number;
  /** The teacher paused the network: a worker neither resends nor NACKs meanwhile. */
  paused: boolean;
  /** The seq the room follows now (null: none); older servers leave it out. */
  followed: number | null;
}

/** One sequenced message, the same for every worker and every time it is sent. */
export interface Stamped {
  type: "stamped";
  seq: number;
  /** The worker id of the sender. */
  from: number;
  /** The sender's send number. */
  n: number;
  data: string;
  /** The sequencer's clock when it stamped the message, in ms since the epoch. */
  time: number;
}

/** Cumulative: this worker's sends 1..n are stamped and durably logged. */
export interface Ack {
  type: "ack";
  n: number;
}

/** The last seq stamped so far: lets a worker notice it missed the newest messages. */
export interface Head {
  type: "head";
  seq: number;
}

/** The room's settings now, after a change. */
export interface Settings {
  type: "settings";
  network: NetworkSettings;
  mode: OrderingMode;
  auto: number;
  slowdown: number;
  paused: boolean;
}

/** A refusal; the connection stays up unless the code says otherwise. */
export interface ErrorMessage {
  type: "error";
  /** An ErrorCode; read as any string, so a newer server's codes do not break an older worker. */
  code: string;
  message: string;
  /** The `n` of the send this error answers, when it answers one. */
  ref?: number;
}

/** A message in flight: [id, "up" or "down", workerId, seq (down) or send number (up), dueAt, held]. */
export type BoardFlight = [number, "up" | "down", number, number, number, boolean];

/** One worker as the board sees it. */
export interface BoardWorker {
  id: number;
  connected: boolean;
  delivered: number;
  digest: string;
  /** Seqs held back now. */
  held: number[];
  /** A scenario bot's name ("A", "B", "C"); null for anyone else. */
  name: string | null;
  /** Up to 5 most recent spans away, [from, to], sequencer clock; `to` is null while still away. */
  offline: [number, number | null][];
  /** Order class: 0 the sequencer's order; equal numbers, equal order over the common prefix. */
  colour: number;
  /** Stamped messages not delivered yet: lastSeq − delivered. */
  lag: number;
}

/**
 * One message on one worker's lane: [workerId, seq, sentAt, arrivedAt, deliveredAt or null],
 * times on the sequencer's clock. Sent when new or changed.
 */
export type BoardRow = [number, number, number, number, number | null];

/** The room as the sequencer sees it, for the teacher's board. */
export interface Board {
  type: "board";
  room: string;
  now: number;
  epoch: string;
  lastSeq: number;
  network: NetworkSettings;
  mode: OrderingMode;
  workers: BoardWorker[];
  paused: boolean;
  slowdown: number;
  auto: number;
  /** The stamped messages and sends in flight, soonest first (at most 100). */
  flights: BoardFlight[];
  /** The scenario running or last run, if any. */
  scenario: { id: ScenarioId; seed: number; state: "running" | "done"; result: string } | null;
  /** The seq the room follows now, or null. */
  followed: number | null;
  /** All workers delivered the same first `through` messages; or the first position where two differ. */
  agreement: { agree: true; through: number } | { agree: false; position: number; workers: [number, number] };
  /**
   * Stamped messages, new since the last board message: [seq, stampedAt, from, sentAt], sequencer clock;
   * `from` the sender's worker id, `sentAt` when the send left it (its uplink started).
   */
  stamps: [number, number, number, number][];
  rows: BoardRow[];
}

/**
 * Consecutive stamped messages in one frame, for a worker that accepts
 * "batch": record i has seq `first + i` and the i-th entry of each array.
 * Parallel arrays parse with a few allocations, not one object per record.
 */
export interface Batch {
  type: "batch";
  /** The seq of the first record. */
  first: number;
  /** The senders' worker ids. */
  from: number[];
  /** The senders' send numbers. */
  n: number[];
  data: string[];
  /**
   * Stamp times as differences: record i was stamped at time[0] + … + time[i]
   * (small integers parse faster than whole timestamps; the sequencer checks the sums are exact).
   */
  time: number[];
}

/** Anything the sequencer sends. */
export type ServerMessage = Welcome | Stamped | Batch | Ack | Head | Settings | Board | ErrorMessage | Followed | Order;

/** The result of parsing one frame: the message, or an error to send back. */
export type Parsed<T> =
  | { readonly ok: true; readonly message: T }
  | { readonly ok: false; readonly code: ErrorCode; readonly message: string; readonly ref?: number };
