/**
 * The tab's one zustand store, made of slices (slices/): the connection, the
 * worker's view and auto-send. The connection module and components change it
 * only through the slices' named actions. The store never decides order: it
 * mirrors the WorkerCore.
 */
import { createStore } from "zustand/vanilla";
import { createAutoSlice } from "./slices/auto.ts";
import { createConnectionSlice } from "./slices/connection.ts";
import type { WorkerState } from "./slices/types.ts";
import { createWorkerSlice } from "./slices/worker.ts";

/** Builds a fresh store; each test builds its own. */
export function createWorkerStore(emptyDigest: string, room = "default") {
  return createStore<WorkerState>()((...a) => ({
    ...createConnectionSlice(room)(...a),
    ...createWorkerSlice(emptyDigest)(...a),
    ...createAutoSlice(...a),
  }));
}

export type WorkerStore = ReturnType<typeof createWorkerStore>;
