/**
 * The real server's flight table has a wheel of FLIGHT_TICK_MS, used once
 * COARSE_FROM messages are in flight; seeded simulations run at exact due
 * times. A class must see the same thing either way: on a clock with the
 * real tick, every scenario (a handful of messages) ends with the same result
 * and the same events as at exact times, seed by seed.
 */
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../shared/random.ts";
import { SCENARIO_IDS, type ScenarioId } from "../../shared/scenarios.ts";
import { FLIGHT_TICK_MS } from "../clock.ts";
import { MemoryLog } from "../log.ts";
import { DIRECT } from "../netsim.ts";
import { Room } from "../room.ts";
import { VirtualClock } from "../testing/virtual-clock.ts";

function play(id: ScenarioId, seed: number, tickMs: number) {
  const clock = new VirtualClock(tickMs);
  const random = seededRandom(1);
  const room = new Room({ clock, random, settings: DIRECT, log: new MemoryLog(random), teacherKey: "k" });
  room.scenarios.start(id, seed);
  const finished = clock.runUntil(() => room.scenarios.state?.state === "done", 120_000);
  const events = room.scenarios.active.map((bot) => bot.driver.core.events.map((e) => JSON.stringify(e)));
  for (const bot of room.scenarios.active) bot.stop();
  return { finished, result: room.scenarios.state?.result, events };
}

describe(`scenarios on a clock with the ${FLIGHT_TICK_MS} ms flight tick`, () => {
  it.each(SCENARIO_IDS)("%s ends with the same result and events as at exact times", (id) => {
    for (let seed = 1; seed <= 20; seed++) {
      const wheel = play(id, seed, FLIGHT_TICK_MS);
      expect(wheel.finished).toBe(true);
      expect(wheel).toEqual(play(id, seed, 0));
    }
  });
});
