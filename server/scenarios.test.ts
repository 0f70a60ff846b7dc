import { describe, expect, it } from "vitest";
import { SCENARIO_IDS, type ScenarioId } from "../shared/scenarios.ts";
import { testRoom } from "./test-room.ts";

function play(id: ScenarioId, seed: number) {
  const { room, scheduler } = testRoom();
  room.scenarios.start(id, seed);
  const finished = scheduler.runUntil(() => room.scenarios.state?.state === "done", 120_000);
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
});
