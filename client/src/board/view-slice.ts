import type { StateCreator } from "zustand/vanilla";
import { DEFAULT_SPAN } from "./diagram/window.ts";
import type { BoardState, ViewSlice } from "./types.ts";

/** How this board shows the room: presenter view or not, the diagram's range, the open dialogs. Local to this page. */
export function createViewSlice(present: boolean): StateCreator<BoardState, [], [], ViewSlice> {
  return (set) => ({
    present,
    range: { span: DEFAULT_SPAN, until: null },
    helpOpen: false,
    question: null,
    setPresent: (present) => set({ present }),
    setRange: (range) => set({ range }),
    setHelpOpen: (helpOpen) => set({ helpOpen }),
    ask: (question) => set({ question }),
  });
}
