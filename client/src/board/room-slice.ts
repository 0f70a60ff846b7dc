import type { StateCreator } from "zustand/vanilla";
import type { Board } from "../../../shared/protocol.ts";
import type { DiagramMessage } from "./diagram/model.ts";
import type { BoardState, LaneRow, RoomData, RoomSlice } from "./types.ts";

const KEPT = 300;

function trim<K, V>(map: Map<K, V>): Map<K, V> {
  while (map.size > KEPT) {
    const oldest = map.keys().next().value;
    if (oldest === undefined) break;
    map.delete(oldest);
  }
  return map;
}

/** A stamp as the board message gives it: [seq, stampedAt, from, sentAt]. */
function messageOf([seq, stampedAt, from, sentAt]: Board["stamps"][number]): DiagramMessage {
  return { seq, stampedAt, from, sentAt };
}

/** The room after a board message: summaries replaced, rows and stamps merged (all replaced on a new epoch). */
export function applyBoard(state: RoomData, board: Board, localNow: number): RoomData {
  const fresh = board.epoch !== state.epoch;
  const present = new Set(board.workers.map((w) => w.id));
  const lanes = new Map<number, ReadonlyMap<number, LaneRow>>();
  for (const [id, rows] of state.lanes) if (!fresh && present.has(id)) lanes.set(id, rows);
  // A lane with new rows is copied once (copy on write); the others keep their maps, unchanged.
  const copies = new Map<number, Map<number, LaneRow>>();
  for (const [worker, seq, sentAt, arrivedAt, deliveredAt] of board.rows) {
    let lane = copies.get(worker);
    if (!lane) {
      lane = new Map(lanes.get(worker));
      copies.set(worker, lane);
      lanes.set(worker, lane);
    }
    lane.set(seq, { seq, sentAt, arrivedAt, deliveredAt });
    trim(lane);
  }
  const stamps = fresh ? new Map<number, DiagramMessage>() : new Map(state.stamps);
  for (const stamp of board.stamps) stamps.set(stamp[0], messageOf(stamp));
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
    followed: board.followed,
    lanes,
    stamps: trim(stamps),
  };
}

/** The room as the sequencer reports it, from board and settings messages. */
export const createRoomSlice: StateCreator<BoardState, [], [], RoomSlice> = (set) => ({
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
  followed: null,
  lanes: new Map(),
  stamps: new Map(),
  boardArrived: (board, localNow) => set((state) => ({ connected: true, ...applyBoard(state, board, localNow) })),
  followArrived: (followed) => set({ followed }),
  settingsArrived: ({ network, mode, auto }) => set({ network, mode, auto, error: null, notice: "Settings changed." }),
});
