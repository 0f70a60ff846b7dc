import { describe, expect, it } from "vitest";
import { SCENARIO_IDS } from "../../../shared/scenarios.ts";
import { actionFor, KEY_HELP, nextToFollow } from "./keys.ts";

describe("presenter keys", () => {
  it("maps the issue's keys, and a clicker's PageUp and PageDown", () => {
    expect(actionFor(" ", 30)).toEqual({ kind: "pause-resume" });
    expect(actionFor("PageUp", 30)).toEqual({ kind: "pause-resume" });
    expect(actionFor("ArrowRight", 30)).toEqual({ kind: "step" });
    expect(actionFor("PageDown", 30)).toEqual({ kind: "step" });
    expect(actionFor("f", 30)).toEqual({ kind: "follow-next" });
    expect(actionFor("o", 30)).toEqual({ kind: "toggle-ordering" });
    expect(actionFor("r", 30)).toEqual({ kind: "ask-reset" });
    expect(actionFor("p", 30)).toEqual({ kind: "presenter" });
    expect(actionFor("?", 30)).toEqual({ kind: "help" });
    expect(actionFor("x", 30)).toBeNull();
  });

  it("runs scenario n for keys 1 to 5, in the board's order, and nothing for 6", () => {
    for (let n = 1; n <= 5; n++) expect(actionFor(String(n), 30)).toEqual({ kind: "scenario", scenario: SCENARIO_IDS[n - 1] });
    expect(actionFor("6", 30)).toBeNull();
  });

  it("pans by half the messages in view", () => {
    expect(actionFor("[", 30)).toEqual({ kind: "pan", messages: 15 });
    expect(actionFor("]", 5)).toEqual({ kind: "pan", messages: -3 });
  });

  it("lists every key it acts on in the help", () => {
    const listed = new Set(KEY_HELP.flatMap((line) => line.keys));
    const named: Record<string, string> = { " ": "Space", ArrowRight: "→", Escape: "Esc", "-": "−", "=": "+" };
    for (const key of [
      " ",
      "PageUp",
      "ArrowRight",
      "PageDown",
      "1",
      "5",
      "f",
      "Escape",
      "o",
      "r",
      "p",
      "?",
      "+",
      "-",
      "[",
      "]",
      "0",
      "End",
    ]) {
      expect(actionFor(key, 30)).not.toBeNull();
      expect(listed.has(named[key] ?? key)).toBe(true);
    }
  });

  it("follows the next message, the first in view to begin with, and stays on the newest", () => {
    expect(nextToFollow(null, 11, 40)).toBe(11);
    expect(nextToFollow(12, 11, 40)).toBe(13);
    expect(nextToFollow(40, 11, 40)).toBe(40);
    expect(nextToFollow(null, 1, 0)).toBeNull();
  });
});
