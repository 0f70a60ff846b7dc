/**
 * The board's zustand store: what the sequencer reports about a room. The
 * board connection writes to it from outside React; components select fields.
 */
import { createStore } from "zustand/vanilla";
import type { Board, BoardFlight, BoardWorker, NetworkSettings, OrderingMode } from "../../../shared/protocol.ts";

/** One message on one worker's lane; sequencer clock. */
export interface LaneRow {
  readonly seq: number;
  readonly sentAt: number;
  readonly arrivedAt: number;
  readonly deliveredAt: number | null;
}

export interface BoardState {
  room: string;
  key: string;
  connected: boolean;
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
  error: string | null;
  notice: string | null;
}

const KEPT = 300;

function trim<K, V>(map: Map<K, V>): Map<K, V> {
  while (map.size > KEPT) {
    const oldest = map.keys().next().value;
    if (oldest === undefined) break;
    map.delete(oldest);
  }
  return map;
}

export function createBoardStore(room: string, key: string) {
  return createStore<BoardState>()(() => ({
    room,
    key,
    connected: false,
    clockOffset: 0,
    epoch: "",
    lastSeq: 0,
    network: null,
    mode: "total",
    workers: [],
    paused: false,
    slowdown: 1,
    auto: 0,
    flights: [],
    scenario: null,
    agreement: { agree: true, through: 0 },
    lanes: new Map(),
    stamps: new Map(),
    error: null,
    notice: null,
  }));
}

export type BoardStore = ReturnType<typeof createBoardStore>;

/** The state after a board message: summaries replaced, rows and stamps merged (all replaced on a new epoch). */
export function applyBoard(state: BoardState, board: Board, localNow: number): Partial<BoardState> {
  const fresh = board.epoch !== state.epoch;
  const present = new Set(board.workers.map((w) => w.id));
  const lanes = new Map<number, Map<number, LaneRow>>();
  for (const [id, rows] of state.lanes) if (!fresh && present.has(id)) lanes.set(id, new Map(rows));
  for (const [worker, seq, sentAt, arrivedAt, deliveredAt] of board.rows) {
    let lane = lanes.get(worker);
    if (!lane) {
      lane = new Map();
      lanes.set(worker, lane);
    }
    lane.set(seq, { seq, sentAt, arrivedAt, deliveredAt });
    trim(lane);
  }
  const stamps = fresh ? new Map<number, number>() : new Map(state.stamps);
  for (const [seq, time] of board.stamps) stamps.set(seq, time);
  return {
    clockOffset: board.now - localNow,
    epoch: board.epoch,
    lastSeq: board.lastSeq,
    network: board.network,
    mode: board.mode,
    workers: board.workers,
    paused: board.paused,
    slowdown: board.slowdown,
    auto: board.auto,
    flights: board.flights,
    scenario: board.scenario,
    agreement: board.agreement,
    lanes,
    stamps: trim(stamps),
  };
}
