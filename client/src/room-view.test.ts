import { describe, expect, it } from "vitest";
import { createRoomView, ownOrderClass } from "./room-view.ts";

describe("the room view", () => {
  it("takes what the room follows and this tab's colour, and forgets both on a fresh start", () => {
    const view = createRoomView();
    view.getState().heard({ type: "follow", seq: 4, by: 2 });
    view.getState().heard({ type: "order", colour: 3, lag: 12 });
    expect(view.getState()).toMatchObject({ followed: 4, colour: 3, lag: 12 });
    view.getState().forget();
    expect(view.getState()).toMatchObject({ followed: null, colour: null, lag: 0 });
  });
});

describe("ownOrderClass", () => {
  it("is 0 for deliveries in the sequencer's order so far, and unknown (null) otherwise", () => {
    expect(ownOrderClass([])).toBe(0);
    expect(ownOrderClass([{ seq: 1 }, { seq: 2 }])).toBe(0);
    expect(ownOrderClass([{ seq: 2 }, { seq: 1 }])).toBeNull();
    // Only the first `count` are read (the core's array may be ahead of what is shown).
    expect(ownOrderClass([{ seq: 1 }, { seq: 3 }], 1)).toBe(0);
  });
});
