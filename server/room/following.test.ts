/** Following: the room broadcasts at most FOLLOW_BROADCASTS_PER_SECOND follows a second, the latest request winning. */
import { describe, expect, it } from "vitest";
import { VirtualClock } from "../testing/virtual-clock.ts";
import { FOLLOW_BROADCASTS_PER_SECOND, Following } from "./following.ts";

function setup() {
  const clock = new VirtualClock();
  const sent: { at: number; seq: number | null; by: number | null }[] = [];
  const room = {
    lastSeq: 100,
    epoch: "e1",
    broadcast: (frame: string) => sent.push({ at: clock.now(), ...JSON.parse(frame) }),
  };
  const following = new Following(room, clock);
  /** Moves virtual time on to `at`, running what falls due. */
  const until = (at: number) => {
    clock.after(at - clock.now(), () => {});
    clock.runUntil(() => false, at);
  };
  return { clock, room, sent, following, until };
}

describe("room-wide follow limit", () => {
  it("broadcasts the first request at once", () => {
    const { following, sent } = setup();
    expect(following.follow(3, 1)).toBeNull();
    expect(sent).toEqual([{ at: 0, type: "follow", seq: 3, by: 1 }]);
  });

  it(`sends at most ${FOLLOW_BROADCASTS_PER_SECOND} a second however many ask, and the last one asked always goes out`, () => {
    const { following, sent, until } = setup();
    // 200 connections each asking 4 times a second: 800 requests in one second, from many workers.
    for (let i = 0; i < 800; i++) {
      until(Math.floor((i * 1000) / 800));
      following.follow((i % 50) + 1, i % 200);
    }
    until(5000);
    for (const s of sent) {
      expect(sent.filter((t) => t.at >= s.at && t.at < s.at + 1000).length).toBeLessThanOrEqual(FOLLOW_BROADCASTS_PER_SECOND);
    }
    expect(sent.at(-1)).toMatchObject({ seq: (799 % 50) + 1, by: 799 % 200 });
    expect(following.seq).toBe((799 % 50) + 1);
  });

  it("carries the latest value of a burst in one trailing broadcast", () => {
    const { following, sent, until } = setup();
    following.follow(1, 1);
    following.follow(2, 2);
    following.follow(null, null);
    following.follow(4, 3);
    expect(sent.map((s) => s.seq)).toEqual([1]);
    expect(following.seq).toBe(4);
    until(1000);
    expect(sent).toEqual([
      { at: 0, type: "follow", seq: 1, by: 1 },
      { at: 1000 / FOLLOW_BROADCASTS_PER_SECOND, type: "follow", seq: 4, by: 3 },
    ]);
  });

  it("does not broadcast a refused request, nor let it delay a later one", () => {
    const { following, sent } = setup();
    expect(following.follow(101, 1)?.message).toBe("cannot follow #101: the last seq is 100");
    expect(following.follow(5, 1)).toBeNull();
    expect(sent.map((s) => s.seq)).toEqual([5]);
  });

  it("a trailing broadcast due after a new epoch follows nothing", () => {
    const { following, room, sent, until } = setup();
    following.follow(1, 1);
    following.follow(2, 1);
    room.epoch = "e2";
    until(1000);
    expect(sent.map((s) => s.seq)).toEqual([1, null]);
  });
});
