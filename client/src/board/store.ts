/**
 * The board's one zustand store, made of slices: the session and the room.
 * The board connection and components change it only through the slices'
 * named actions; components select one field each.
 */
import { createStore } from "zustand/vanilla";
import { createRoomSlice } from "./room-slice.ts";
import { createSessionSlice } from "./session-slice.ts";
import type { BoardState } from "./types.ts";

/** Builds a fresh store; each test builds its own. */
export function createBoardStore(room: string, key: string) {
  return createStore<BoardState>()((...a) => ({
    ...createSessionSlice(room, key)(...a),
    ...createRoomSlice(...a),
  }));
}

export type BoardStore = ReturnType<typeof createBoardStore>;
