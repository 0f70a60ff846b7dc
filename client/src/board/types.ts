/**
 * The shape of the board's store: the session (which room, the teacher's key,
 * the link, what to tell the teacher) and the room as the sequencer reports
 * it. Types only, so that slices, views and the store import them without a cycle.
 */
import type { Board, BoardFlight, BoardWorker, NetworkSettings, OrderingMode, Settings } from "../../../shared/protocol.ts";
import type { DiagramMessage } from "./diagram/model.ts";
import type { ViewRange } from "./diagram/window.ts";

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
  /** The message the room follows, as the sequencer last said. */
  followed: number | null;
  /** Per worker id: its rows by seq (the newest few hundred). */
  lanes: ReadonlyMap<number, ReadonlyMap<number, LaneRow>>;
  /** The stamped messages by seq (the newest few hundred). */
  stamps: ReadonlyMap<number, DiagramMessage>;
}

export interface RoomSlice extends RoomData {
  /** The room follows another message (a `follow` from the sequencer). */
  followArrived(seq: number | null): void;
  /** A board message arrived (`localNow`: this page's clock): the link is up and the room is as it says. */
  boardArrived(board: Board, localNow: number): void;
  /** The room's settings changed. */
  settingsArrived(settings: Settings): void;
}

/** What the page asks before it starts the room afresh. */
export type Question = "reset" | "ordering";

/** How this page shows the room (nothing here goes to the sequencer, except a followed seq). */
export interface ViewSlice {
  /** The presenter view (/board?view=present): the diagram fills the screen. */
  present: boolean;
  /** The diagram's range: how many messages, ending where. */
  range: ViewRange;
  helpOpen: boolean;
  /** A key that starts the room afresh was pressed (r: reset, o: the ordering): the page asks first. */
  question: Question | null;
  setPresent(present: boolean): void;
  setRange(range: ViewRange): void;
  setHelpOpen(open: boolean): void;
  ask(question: Question | null): void;
}

export type BoardState = SessionSlice & RoomSlice & ViewSlice;
