import { describe, expect, it } from "vitest";
import { SCENARIO_IDS, type ScenarioId } from "../shared/scenarios.ts";
import { DIRECT } from "./netsim.ts";
import { BOTS_RETIRE_AFTER } from "./scenarios.ts";
import { testRoom } from "./testing/room.ts";
import { InMemoryWorker } from "./testing/worker.ts";

function play(id: ScenarioId, seed: number) {
  const { room, clock } = testRoom();
  room.scenarios.start(id, seed);
  const finished = clock.runUntil(() => room.scenarios.state?.state === "done", 120_000);
  const bots = room.scenarios.active.map((bot) => ({
    name: bot.name,
    digest: bot.driver.core.orderDigest,
    events: bot.driver.core.events.map((e) => `${e.kind}@${Math.round(e.time)}`),
  }));
  for (const bot of room.scenarios.active) bot.stop();
  return { finished, state: room.scenarios.state, bots };
}

describe("scenarios", () => {
  it.each(SCENARIO_IDS)("%s runs to its documented end", (id) => {
    const { finished, state, bots } = play(id, 7);
    expect(finished).toBe(true);
    expect(state).toMatchObject({ id, state: "done" });
    expect(state?.result).not.toBe("");
    expect(new Set(bots.map((b) => b.digest)).size).toBe(1);
  });

  it("lost-message: the lost #3 is asked for again", () => {
    expect(play("lost-message", 3).state?.result).toMatch(/B lost #3, asked for it again/);
  });

  it.each(SCENARIO_IDS)("%s replays identically with the same seed", (id) => {
    expect(play(id, 42)).toEqual(play(id, 42));
  });

  it("retires the bots of a finished scenario once the room has moved on, keeping its result", () => {
    const { room, clock } = testRoom();
    room.scenarios.start("reordering", 5);
    clock.runUntil(() => room.scenarios.state?.state === "done", 120_000);
    const bots = room.scenarios.active.length;
    expect(bots).toBeGreaterThan(0);
    room.configure(DIRECT);
    const worker = new InMemoryWorker(room, clock.now, "student");
    worker.hello();
    for (let i = 0; i < BOTS_RETIRE_AFTER - 10; i++) worker.send(`m${i}`);
    clock.runUntil(() => false, clock.now() + 5000);
    expect(room.scenarios.active).toHaveLength(bots);
    for (let i = 0; i < 10; i++) worker.send(`last${i}`);
    clock.runUntil(() => room.scenarios.active.length === 0, clock.now() + 5000);
    expect(room.scenarios.active).toHaveLength(0);
    expect(room.scenarios.state).toMatchObject({ state: "done" });
    clock.runUntil(() => room.size === 1, clock.now() + 5000);
    expect(room.size).toBe(1);
  });

  it("retires the bots once the room is reset after the scenario", () => {
    const { room, clock } = testRoom();
    room.scenarios.start("reordering", 5);
    clock.runUntil(() => room.scenarios.state?.state === "done", 120_000);
    expect(room.scenarios.active.length).toBeGreaterThan(0);
    room.reset();
    clock.runUntil(() => room.scenarios.active.length === 0, clock.now() + 5000);
    expect(room.scenarios.active).toHaveLength(0);
  });
});
