/**
 * The presenter's keys, as data: which key does what. The help overlay (`?`)
 * lists this table, so what it says is what the keys do. A clicker sends
 * PageDown and PageUp, so those work too. Pure: the hook (useBoardKeys.ts)
 * turns an action into store changes and messages.
 */
import { SCENARIO_IDS, type ScenarioId } from "../../../shared/scenarios.ts";

export type KeyAction =
  | { readonly kind: "pause-resume" }
  | { readonly kind: "step" }
  | { readonly kind: "scenario"; readonly scenario: ScenarioId }
  | { readonly kind: "follow-next" }
  | { readonly kind: "unfollow" }
  | { readonly kind: "toggle-ordering" }
  | { readonly kind: "ask-reset" }
  | { readonly kind: "presenter" }
  | { readonly kind: "help" }
  | { readonly kind: "zoom-in" }
  | { readonly kind: "zoom-out" }
  | { readonly kind: "pan"; readonly messages: number }
  | { readonly kind: "live" };

/** One line of the help: the keys, and what they do. */
export interface KeyHelp {
  readonly keys: readonly string[];
  readonly does: string;
}

export const KEY_HELP: readonly KeyHelp[] = [
  { keys: ["Space", "PageUp"], does: "pause or resume the network" },
  { keys: ["→", "PageDown"], does: "step: deliver the next message in flight (pauses first if running)" },
  { keys: ["1", "2", "3", "4", "5"], does: "run scenario 1 to 5 (seed 1)" },
  { keys: ["f"], does: "follow the next message; click a seq to follow that one" },
  { keys: ["Esc"], does: "stop following; close this list" },
  { keys: ["o"], does: "toggle the ordering: total order by sequencer ↔ none (starts the room afresh; asks first)" },
  { keys: ["r"], does: "reset the room (asks first)" },
  { keys: ["p"], does: "presenter view on or off" },
  { keys: ["+", "−"], does: "zoom: fewer or more messages in view (or the mouse wheel)" },
  { keys: ["[", "]"], does: "pan to older or newer messages (or drag)" },
  { keys: ["0", "End"], does: "back to the newest messages, live" },
  { keys: ["?"], does: "show or hide this list" },
];

/** What a key (KeyboardEvent.key) does; null for keys the board leaves alone. */
export function actionFor(key: string, span: number): KeyAction | null {
  const digit = Number(key);
  if (/^[1-5]$/.test(key)) {
    const scenario = SCENARIO_IDS[digit - 1];
    return scenario ? { kind: "scenario", scenario } : null;
  }
  switch (key) {
    case " ":
    case "PageUp":
      return { kind: "pause-resume" };
    case "ArrowRight":
    case "PageDown":
      return { kind: "step" };
    case "f":
      return { kind: "follow-next" };
    case "Escape":
      return { kind: "unfollow" };
    case "o":
      return { kind: "toggle-ordering" };
    case "r":
      return { kind: "ask-reset" };
    case "p":
      return { kind: "presenter" };
    case "?":
      return { kind: "help" };
    case "+":
    case "=":
      return { kind: "zoom-in" };
    case "-":
      return { kind: "zoom-out" };
    case "[":
      return { kind: "pan", messages: Math.max(1, Math.round(span / 2)) };
    case "]":
      return { kind: "pan", messages: -Math.max(1, Math.round(span / 2)) };
    case "0":
    case "End":
      return { kind: "live" };
    default:
      return null;
  }
}

/** The message `f` follows: the one after the followed one, else the first in view, else the newest. */
export function nextToFollow(followed: number | null, first: number, last: number): number | null {
  if (last < 1) return null;
  if (followed !== null && followed < last) return followed + 1;
  if (followed === null && first <= last) return first;
  return followed === null ? last : followed;
}
