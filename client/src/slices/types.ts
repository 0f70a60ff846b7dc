/**
 * The shape of the tab's store: one slice per concern, each with the named
 * actions that change it. Types only, so that slices, views and the store can
 * all import them without a cycle.
 */
import type { NetworkSettings, OrderingMode } from "../../../shared/protocol.ts";
import type { StampedMessage, WorkerCore, WorkerEvent } from "../../../shared/worker-core.ts";

export type ConnectionStatus = "connecting" | "joined" | "reconnecting" | "closed";

/** An error the sequencer sent, a send the tab refused, or (FRESH_START) why the log started afresh. */
export interface ShownError {
  readonly code: string;
  readonly message: string;
}

export interface ConnectionSlice {
  /** The room this tab is in (`?room=`). */
  room: string;
  status: ConnectionStatus;
  /** Human words on the status, such as when the next retry is. */
  statusDetail: string;
  /** The last error the sequencer sent, or a send the tab refused. */
  lastError: ShownError | null;
  network: NetworkSettings | null;
  mode: OrderingMode;
  /** The connection's status changed; a join brings the worker id. */
  setStatus(status: ConnectionStatus, detail: string, workerId?: number | null): void;
  showError(error: ShownError): void;
  clearError(): void;
  /** The room's network and ordering, from a welcome or a settings message. */
  applySettings(network: NetworkSettings, mode: OrderingMode): void;
}

/** One message's row on the live lane: when it arrived, how long it waited, when it was delivered. */
export interface LaneEntry {
  readonly seq: number;
  readonly from: number;
  readonly data: string;
  /** The sequencer's clock when stamped. */
  readonly stampedAt: number;
  /** This tab's clock on arrival. */
  readonly arrivedAt: number;
  /** This tab's clock on delivery; null while held back. */
  readonly deliveredAt: number | null;
  /** The seq the hold-back queue was waiting for when it arrived; null if delivered on arrival. */
  readonly waitingFor: number | null;
  /** Part of the history replayed to a late joiner. */
  readonly catchUp: boolean;
  /** Sent by this tab. */
  readonly own: boolean;
  /** Arrived because this tab NACKed it. */
  readonly repaired: boolean;
}

/** A seq known to exist that has not arrived (a placeholder on the lane); `asked`: a NACK went out for it. */
export interface MissingSeq {
  readonly seq: number;
  readonly asked: boolean;
}

/** One line of the tab's repair log: NACKs, resent messages, duplicates, resent sends. */
export interface RepairNote {
  readonly time: number;
  readonly text: string;
  readonly kind: string;
}

export interface RepairCounts {
  readonly nack: number;
  readonly repaired: number;
  readonly duplicate: number;
  readonly resent: number;
}

/** How many repair notes the tab keeps. */
export const REPAIR_NOTES = 8;

/**
 * How many rows the live lane keeps: the latest, by seq. A dozen are in view; rows further
 * back are older than the lane's 8 s axis anyway, and at 1,000 messages a second every kept
 * row is a new one at each update, so each kept row costs the tab every update (40 did).
 */
export const LANE_ROWS = 20;

/** What the worker slice reads from the worker core after a batch of events. */
export type CoreView = Pick<
  WorkerCore,
  "workerId" | "held" | "missing" | "asked" | "nextExpected" | "delivered" | "orderDigest" | "historyThrough" | "isOwn"
>;

/** What the worker core has done, as the tab shows it. */
export interface WorkerData {
  workerId: number | null;
  lane: readonly LaneEntry[];
  held: readonly StampedMessage[];
  missing: readonly MissingSeq[];
  repairs: readonly RepairNote[];
  /** How often each repair happened, since the tab opened. */
  repairCounts: RepairCounts;
  nextExpected: number;
  /**
   * The core's own delivered array (it only grows; not copied, even at 100k). Select
   * `deliveredCount` to re-render when it grows.
   */
  delivered: readonly StampedMessage[];
  deliveredCount: number;
  digest: string;
  sentCount: number;
}

export interface WorkerSlice extends WorkerData {
  /** Shows a batch of the core's events: the lane, the hold-back queue, the repairs and the counts. */
  showEvents(events: readonly WorkerEvent[], core: CoreView): void;
  /** The core started afresh (another epoch, another identity): an empty view, and the reason shown. */
  startFresh(emptyDigest: string, reason: string): void;
}

export interface AutoSlice {
  auto: boolean;
  /** Messages a second while auto-send is on. */
  autoRate: number;
  /** The teacher's auto-send rate for the class as last applied (0: off). */
  teacherRate: number;
  setAuto(on: boolean): void;
  setAutoRate(rate: number): void;
  /** The teacher's auto-send for the class: applied when it changes; the student may still toggle. */
  applyTeacherAuto(rate: number): void;
}

export type WorkerState = ConnectionSlice & WorkerSlice & AutoSlice;
