import type { StateCreator } from "zustand/vanilla";
import type { AutoSlice, WorkerState } from "./types.ts";

/** The tab's auto-send switch and rate; the pacing itself runs outside React (autosend.ts). */
export const createAutoSlice: StateCreator<WorkerState, [], [], AutoSlice> = (set, get) => ({
  auto: false,
  autoRate: 1,
  teacherRate: 0,
  setAuto: (auto) => set({ auto }),
  setAutoRate: (autoRate) => set({ autoRate }),
  applyTeacherAuto: (rate) => {
    if (rate === get().teacherRate) return;
    set(rate > 0 ? { teacherRate: rate, auto: true, autoRate: rate } : { teacherRate: rate, auto: false });
  },
});
