import { expect, it } from "vitest";
import { seededRandom } from "../../shared/random.ts";
import { testRoom } from "../testing/room.ts";
import { stageOf } from "./stage.ts";

it("tags each run's bot cids from the room's own random source: new each run, the same for the same seed", () => {
  const tags = (seed: number) => {
    const { clock, room } = testRoom();
    const stage = stageOf(room, clock, seededRandom(seed));
    return [stage.runTag(), stage.runTag()];
  };
  const [first, second] = tags(1);
  expect(first).toMatch(/^[0-9a-z]{6,}$/);
  expect(second).not.toBe(first);
  expect(tags(1)).toEqual([first, second]);
  expect(tags(2)).not.toContain(first);
});
