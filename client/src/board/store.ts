/**
 * The board's one zustand store, made of slices: the session, the room, and how this page shows it.
 * The board connection and components change it only through the slices'
 * named actions; components select one field each.
 */
import { createStore } from "zustand/vanilla";
import { createRoomSlice } from "./room-slice.ts";
import { createSessionSlice } from "./session-slice.ts";
import type { BoardState } from "./types.ts";
import { createViewSlice } from "./view-slice.ts";

/** Builds a fresh store; each test builds its own. */
export function createBoardStore(room: string, key: string, present = false) {
  return createStore<BoardState>()((...a) => ({
    ...createSessionSlice(room, key)(...a),
    ...createRoomSlice(...a),
    ...createViewSlice(present)(...a),
  }));
}

export type BoardStore = ReturnType<typeof createBoardStore>;
