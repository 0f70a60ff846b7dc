import { createContext, useContext } from "react";
import { useStore } from "zustand";
import type { BoardConnection } from "./connection.ts";
import type { BoardStore } from "./store.ts";
import type { BoardState } from "./types.ts";

export const BoardContext = createContext<{ store: BoardStore; connection: BoardConnection } | null>(null);

export function useBoard() {
  const value = useContext(BoardContext);
  if (!value) throw new Error("useBoard needs a BoardContext provider");
  return value;
}

export function useBoardState<T>(select: (state: BoardState) => T): T {
  return useStore(useBoard().store, select);
}
