import type { StateCreator } from "zustand/vanilla";
import type { ConnectionSlice, WorkerState } from "./types.ts";

/** The tab's connection to the sequencer, as the tab shows it. */
export function createConnectionSlice(room: string): StateCreator<WorkerState, [], [], ConnectionSlice> {
  return (set) => ({
    room,
    status: "connecting",
    statusDetail: "",
    lastError: null,
    network: null,
    mode: "total",
    setStatus: (status, statusDetail, workerId) =>
      set(workerId === undefined ? { status, statusDetail } : { status, statusDetail, workerId }),
    showError: (lastError) => set({ lastError }),
    clearError: () => set({ lastError: null }),
    applySettings: (network, mode) => set({ network, mode }),
  });
}
