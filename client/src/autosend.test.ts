import { describe, expect, it } from "vitest";
import { seededRandom } from "../../shared/random.ts";
import { stepTimers } from "../../shared/testing/step-timers.ts";
import { runAutoSend } from "./autosend.ts";
import { createWorkerStore } from "./store.ts";

function setup() {
  const store = createWorkerStore("empty");
  const timers = stepTimers();
  const sent: string[] = [];
  const stop = runAutoSend({
    store,
    send: (data) => {
      sent.push(data);
      return null;
    },
    random: seededRandom(1),
    after: timers.after,
  });
  return { store, timers, sent, stop };
}

describe("runAutoSend", () => {
  it("sends nothing while Auto is off", () => {
    const { store, timers } = setup();
    store.getState().setStatus("joined", "", 1);
    expect(timers.pending()).toEqual([]);
  });

  it("waits for the join before it sends", () => {
    const { store, timers } = setup();
    store.getState().setAuto(true);
    expect(timers.pending()).toEqual([]);
    store.getState().setStatus("joined", "", 1);
    expect(timers.pending()).toHaveLength(1);
  });

  it("sends 9-digit numbers, a random gap around 1/rate apart", () => {
    const { store, timers, sent } = setup();
    store.getState().setStatus("joined", "", 1);
    store.getState().setAutoRate(2);
    store.getState().setAuto(true);
    timers.run();
    timers.run();
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatch(/^\d{9}$/);
    const [gap] = timers.pending();
    expect(gap).toBeGreaterThanOrEqual(250);
    expect(gap).toBeLessThan(750);
  });

  it("stops when Auto is switched off, the connection drops, or it is stopped", () => {
    const { store, timers, stop } = setup();
    store.getState().setStatus("joined", "", 1);
    store.getState().setAuto(true);
    store.getState().setAuto(false);
    expect(timers.pending()).toEqual([]);
    store.getState().setAuto(true);
    store.getState().setStatus("reconnecting", "connection lost");
    expect(timers.pending()).toEqual([]);
    store.getState().setStatus("joined", "", 1);
    stop();
    expect(timers.pending()).toEqual([]);
  });

  it("follows the teacher's auto-send for the class", () => {
    const { store, timers } = setup();
    store.getState().setStatus("joined", "", 1);
    store.getState().applyTeacherAuto(5);
    expect(store.getState()).toMatchObject({ auto: true, autoRate: 5 });
    expect(timers.pending()).toHaveLength(1);
    store.getState().applyTeacherAuto(0);
    expect(timers.pending()).toEqual([]);
  });
});
