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

  it("runs what a task leaves for its end before the next task, as a real clock's microtasks", () => {
    const clock = new VirtualClock();
    const ran: string[] = [];
    // The caller's own work ends when it runs the clock.
    clock.endOfTask(() => ran.push("caller's end"));
    clock.after(0, () => {
      ran.push("task 1");
      clock.endOfTask(() => ran.push("end of task 1"));
    });
    clock.after(0, () => ran.push("task 2"));
    clock.run();
    expect(ran).toEqual(["caller's end", "task 1", "end of task 1", "task 2"]);
  });
});
