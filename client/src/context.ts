import { createContext, useContext } from "react";
import { useStore } from "zustand";
import type { Random } from "../../shared/random.ts";
import type { WorkerConnection } from "./connection.ts";
import type { WorkerState } from "./slices/types.ts";
import type { WorkerStore } from "./store.ts";

export interface WorkerContextValue {
  readonly store: WorkerStore;
  readonly connection: WorkerConnection;
  readonly random: Random;
}

export const WorkerContext = createContext<WorkerContextValue | null>(null);

export function useWorker(): WorkerContextValue {
  const value = useContext(WorkerContext);
  if (!value) throw new Error("useWorker needs a WorkerContext provider");
  return value;
}

/** Selects one piece of the tab's state. */
export function useWorkerState<T>(select: (state: WorkerState) => T): T {
  return useStore(useWorker().store, select);
}
