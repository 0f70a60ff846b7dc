/**
 * The shape of the board's store: the session (which room, the teacher's key,
 * the link, what to tell the teacher) and the room as the sequencer reports
 * it. Types only, so that slices, views and the store import them without a cycle.
 */
import type { Board, BoardFlight, BoardWorker, NetworkSettings, OrderingMode, Settings } from "../../../shared/protocol.ts";

/** One message on one worker's lane; sequencer clock. */
export interface LaneRow {
  readonly seq: number;
  readonly sentAt: number;
  readonly arrivedAt: number;
  readonly deliveredAt: number | null;
}

export interface SessionSlice {
  room: string;
  key: string;
  connected: boolean;
  error: string | null;
  notice: string | null;
  setKey(key: string): void;
  /** The link to the sequencer went down (a board message brings it back up). */
  disconnected(): void;
  /** Shows an error to the teacher, in place of any notice. */
  showError(error: string): void;
}

/** What the sequencer's board messages say about the room. */
export interface RoomData {
  /** The sequencer's clock minus this page's, from the last board message. */
  clockOffset: number;
  epoch: string;
  lastSeq: number;
  network: NetworkSettings | null;
  mode: OrderingMode;
  workers: readonly BoardWorker[];
  paused: boolean;
  slowdown: number;
  auto: number;
  flights: readonly BoardFlight[];
  scenario: Board["scenario"];
  agreement: Board["agreement"];
  /** Per worker id: its rows by seq (the newest few hundred). */
  lanes: ReadonlyMap<number, ReadonlyMap<number, LaneRow>>;
  /** Stamp times by seq (the newest few hundred). */
  stamps: ReadonlyMap<number, number>;
}

export interface RoomSlice extends RoomData {
  /** A board message arrived (`localNow`: this page's clock): the link is up and the room is as it says. */
  boardArrived(board: Board, localNow: number): void;
  /** The room's settings changed. */
  settingsArrived(settings: Settings): void;
}

export type BoardState = SessionSlice & RoomSlice;
