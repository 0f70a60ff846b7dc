/**
 * The tab's one zustand store, made of slices. The connection module writes to
 * it from outside React (setState); components select one field each. The
 * store never decides order: it mirrors the WorkerCore.
 */
import { createStore } from "zustand/vanilla";
import type { NetworkSettings, OrderingMode } from "../../shared/protocol.ts";
import type { StampedMessage } from "../../shared/worker-core.ts";

export type ConnectionStatus = "connecting" | "joined" | "reconnecting" | "closed";

export interface ConnectionSlice {
  /** The room this tab is in (`?room=`). */
  room: string;
  status: ConnectionStatus;
  /** Human words on the status, such as when the next retry is. */
  statusDetail: string;
  /** The last error the sequencer sent, or a send the tab refused. */
  lastError: { code: string; message: string } | null;
  network: NetworkSettings | null;
  mode: OrderingMode;
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

export interface WorkerSlice {
  workerId: number | null;
  lane: readonly LaneEntry[];
  held: readonly StampedMessage[];
  /** Seqs known to exist that have not arrived (placeholders on the lane); `asked`: a NACK went out for it. */
  missing: readonly { readonly seq: number; readonly asked: boolean }[];
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

export interface AutoSlice {
  auto: boolean;
  /** Messages a second while auto-send is on. */
  autoRate: number;
}

export type WorkerState = ConnectionSlice & WorkerSlice & AutoSlice;

/** How many rows the live lane keeps: the latest, by seq. */
export const LANE_ROWS = 40;

/** The worker slice of a worker that has delivered nothing. */
export function emptyWorkerSlice(emptyDigest: string): WorkerSlice {
  return {
    workerId: null,
    lane: [],
    held: [],
    missing: [],
    repairs: [],
    repairCounts: { nack: 0, repaired: 0, duplicate: 0, resent: 0 },
    nextExpected: 1,
    delivered: [],
    deliveredCount: 0,
    digest: emptyDigest,
    sentCount: 0,
  };
}

/** Builds a fresh store; each test builds its own. */
export function createWorkerStore(emptyDigest: string, room = "default") {
  return createStore<WorkerState>()(() => ({
    room,
    status: "connecting",
    statusDetail: "",
    lastError: null,
    network: null,
    mode: "total",
    ...emptyWorkerSlice(emptyDigest),
    auto: false,
    autoRate: 1,
  }));
}

export type WorkerStore = ReturnType<typeof createWorkerStore>;
