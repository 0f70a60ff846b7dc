import { useEffect } from "react";
import type { BoardConnection } from "./connection.ts";
import { pan, zoomIn, zoomOut } from "./diagram/window.ts";
import { actionFor, type KeyAction, nextToFollow } from "./keys.ts";
import type { BoardStore } from "./store.ts";

/** The address with the presenter view on or off (`view=present`), the rest kept. */
export function withView(href: string, present: boolean): string {
  const url = new URL(href);
  if (present) url.searchParams.set("view", "present");
  else url.searchParams.delete("view");
  return url.href;
}

/** Does what a presenter key asks. */
export function perform(action: KeyAction, store: BoardStore, connection: BoardConnection): void {
  const state = store.getState();
  const newest = Math.max(state.lastSeq, ...state.stamps.keys());
  switch (action.kind) {
    case "pause-resume":
      connection.control({ action: state.paused ? "resume" : "pause" });
      break;
    case "step":
      // A step only makes sense in a paused network: the first press pauses it.
      connection.control({ action: state.paused ? "step" : "pause" });
      break;
    case "scenario":
      connection.control({ action: "scenario", scenario: action.scenario, seed: 1 });
      break;
    case "follow-next": {
      const last = state.range.until ?? newest;
      connection.follow(nextToFollow(state.followed, Math.max(1, last - state.range.span + 1), last));
      break;
    }
    case "unfollow":
      if (state.helpOpen) state.setHelpOpen(false);
      else connection.follow(null);
      break;
    case "toggle-ordering":
      state.ask("ordering");
      break;
    case "ask-reset":
      state.ask("reset");
      break;
    case "presenter":
      history.replaceState(history.state, "", withView(location.href, !state.present));
      state.setPresent(!state.present);
      break;
    case "help":
      state.setHelpOpen(!state.helpOpen);
      break;
    case "zoom-in":
      state.setRange(zoomIn(state.range));
      break;
    case "zoom-out":
      state.setRange(zoomOut(state.range));
      break;
    case "pan":
      state.setRange(pan(state.range, action.messages, newest));
      break;
    case "live":
      state.setRange({ ...state.range, until: null });
      break;
  }
}

// Whether a key press belongs to a field the teacher is typing in (or a dialog), not to the board.
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable || ["INPUT", "SELECT", "TEXTAREA"].includes(target.tagName) || target.closest("[role=alertdialog]") !== null
  );
}

/** The presenter keys, on the whole page (not while typing in a field, nor while the reset question is open). */
export function useBoardKeys(store: BoardStore, connection: BoardConnection): void {
  useEffect(() => {
    const down = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target) || store.getState().question !== null) return;
      const action = actionFor(event.key, store.getState().range.span);
      if (!action) return;
      // A focused button must not also be pressed by space, nor the page scroll by PageDown.
      event.preventDefault();
      perform(action, store, connection);
    };
    window.addEventListener("keydown", down);
    return () => window.removeEventListener("keydown", down);
  }, [store, connection]);
}
