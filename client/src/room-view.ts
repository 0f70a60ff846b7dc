/**
 * What the room tells a tab beyond its own deliveries: the message everyone
 * follows, and this tab's order class (its colour) and lag as the sequencer
 * sees them. A small store of its own beside the worker's, written by the
 * connection module from outside React.
 */
import { createStore } from "zustand/vanilla";
import type { Followed, Order } from "../../shared/protocol.ts";

export interface RoomViewState {
  /** The seq the room follows, or null. */
  followed: number | null;
  /** This tab's order class from the sequencer; null until it says (then the tab judges for itself). */
  colour: number | null;
  /** Stamped messages this tab has not delivered yet, as the sequencer last said. */
  lag: number;
  /** The room said something. */
  heard(message: Followed | Order): void;
  /** A fresh start (another epoch, another identity): what the room said no longer holds. */
  forget(): void;
}

/** Builds a fresh room view; each tab (and test) has its own. */
export function createRoomView() {
  return createStore<RoomViewState>()((set) => ({
    followed: null,
    colour: null,
    lag: 0,
    heard: (message) => set(message.type === "follow" ? { followed: message.seq } : { colour: message.colour, lag: message.lag }),
    forget: () => set({ followed: null, colour: null, lag: 0 }),
  }));
}

export type RoomView = ReturnType<typeof createRoomView>;

/**
 * The order class to show when the sequencer has not said: a tab whose deliveries are
 * seqs 1, 2, 3, … in that order holds the sequencer's own order (class 0); otherwise it
 * cannot tell (null) until the sequencer says.
 */
export function ownOrderClass(delivered: readonly { seq: number }[], count = delivered.length): number | null {
  for (let i = 0; i < count; i++) if (delivered[i]?.seq !== i + 1) return null;
  return 0;
}
