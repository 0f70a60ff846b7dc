import { describe, expect, it } from "vitest";
import { VirtualClock } from "./virtual-clock.ts";

describe("VirtualClock", () => {
  it("runs timers in time order, ties in the order set, and a cancelled timer never runs", () => {
    const clock = new VirtualClock();
    const ran: string[] = [];
    clock.after(20, () => ran.push("b"));
    const cancel = clock.after(10, () => ran.push("cancelled"));
    clock.after(10, () => ran.push("a"));
    clock.after(20, () => ran.push("c"));
    cancel();
    cancel();
    clock.run();
    expect(ran).toEqual(["a", "b", "c"]);
    expect(clock.now()).toBe(20);
  });
});
