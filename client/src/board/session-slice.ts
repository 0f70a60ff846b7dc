import type { StateCreator } from "zustand/vanilla";
import type { BoardState, SessionSlice } from "./types.ts";

/** The board's session: its room, the teacher's key, the link, and what to tell the teacher. */
export function createSessionSlice(room: string, key: string): StateCreator<BoardState, [], [], SessionSlice> {
  return (set) => ({
    room,
    key,
    connected: false,
    error: null,
    notice: null,
    setKey: (key) => set({ key }),
    disconnected: () => set({ connected: false }),
    showError: (error) => set({ error, notice: null }),
  });
}
