import { describe, expect, it } from "vitest";
import { HELD_NAMED, heldText } from "./held.ts";

describe("heldText", () => {
  it("says nothing is held with a dash", () => {
    expect(heldText([])).toBe("—");
  });

  it("names every held seq while there are few", () => {
    expect(heldText([3, 5])).toBe("#3 #5");
  });

  it("counts a long queue and names only its first seqs", () => {
    const held = Array.from({ length: 200 }, (_, i) => i + 2);
    const text = heldText(held);
    expect(text.startsWith("200: #2 #3")).toBe(true);
    expect(text.match(/#/g)).toHaveLength(HELD_NAMED);
    expect(text.endsWith("…")).toBe(true);
  });
});
