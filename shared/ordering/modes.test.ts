import { describe, expect, it } from "vitest";
import type { OrderingMode } from "../protocol.ts";
import { ORDERING_MODES, ordering } from "./modes.ts";

describe("ordering modes", () => {
  it("has one ordering for each mode the protocol names, under that name", () => {
    const modes: OrderingMode[] = ["total", "none"];
    for (const mode of modes) expect(ordering(mode).mode).toBe(mode);
    expect(ORDERING_MODES.map((o) => o.mode)).toEqual(modes);
  });

  it("gives each mode distinct words for the menu, the board and the header", () => {
    for (const key of ["label", "title", "brief", "description"] as const) {
      expect(new Set(ORDERING_MODES.map((o) => o[key])).size).toBe(ORDERING_MODES.length);
    }
  });

  it("titles are the labels with a capital", () => {
    for (const o of ORDERING_MODES) expect(o.title).toBe(o.label[0]?.toUpperCase() + o.label.slice(1));
  });

  it("keeps the words the tabs and the board show today", () => {
    expect(ordering("total")).toMatchObject({ label: "total order (sequencer)", brief: "total (sequencer)" });
    expect(ordering("none")).toMatchObject({ label: "no ordering (deliver on arrival)", brief: "none (on arrival)" });
  });

  it("makes policies that know their own ordering", () => {
    for (const o of ORDERING_MODES) expect(o.create().ordering).toBe(o);
  });
});
