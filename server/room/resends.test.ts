import { describe, expect, it } from "vitest";
import { helloFrame, parseServerFrame } from "../../shared/protocol.ts";
import { testRoom } from "../testing/room.ts";
import { InMemoryWorker } from "../testing/worker.ts";
import { RESEND_BURST, RESEND_RATE, RESENDS_PER_TURN } from "./resends.ts";

/** A room with `records` stamped, and a way to join a listener that counts the stamped frames it gets. */
function roomWith(records: number) {
  const { room, clock } = testRoom();
  const sender = new InMemoryWorker(room, clock.now, "sender");
  sender.hello();
  for (let i = 0; i < records; i++) sender.send(`m${i}`);
  clock.run();
  const listen = (cid: string) => {
    const got = { stamped: 0 };
    const socket = {
      send: (frame: string) => {
        const parsed = parseServerFrame(frame);
        if (parsed.ok && parsed.message.type === "stamped") got.stamped++;
      },
      close: () => {},
    };
    const member = room.join(socket, JSON.parse(helloFrame({ cid, after: records, epoch: room.epoch })));
    return { member, got };
  };
  return { room, clock, listen };
}

describe("Room.nack: resends budgeted per connection", () => {
  it("one connection sending 100 full NACKs a second gets at most the burst plus the rate in records", () => {
    const { room, clock, listen } = roomWith(1000);
    const { member, got } = listen("greedy");
    const answers: string[] = [];
    // 100 a second for 3 s, inside the message rate limit.
    for (let i = 0; i < 300; i++) clock.after(i * 10, () => answers.push(room.nack(member, { type: "nack", from: 1, to: 1000 })));
    clock.run();
    expect(got.stamped).toBeLessThanOrEqual(RESEND_BURST + 3 * RESEND_RATE);
    expect(got.stamped).toBeGreaterThanOrEqual(3 * RESEND_RATE);
    expect(answers.filter((a) => a === "rate-limited").length).toBeGreaterThan(250);
    expect(answers[0]).toBe("resent");
    expect(room.nack(member, { type: "nack", from: 1001, to: 1001 })).toBe("past-last-seq");
  });

  it("sends at most RESENDS_PER_TURN records in one turn over all connections; the rest in the turns after", () => {
    const { room, clock, listen } = roomWith(1000);
    const listeners = ["a", "b", "c"].map(listen);
    for (const { member } of listeners) expect(room.nack(member, { type: "nack", from: 1, to: 1000 })).toBe("resent");
    const now = listeners.reduce((sum, l) => sum + l.got.stamped, 0);
    expect(now).toBe(RESENDS_PER_TURN);
    clock.run();
    expect(listeners.map((l) => l.got.stamped)).toEqual([1000, 1000, 1000]);
  });

  it("drops the queued resends of a worker that left", () => {
    const { room, clock, listen } = roomWith(1000);
    const a = listen("a");
    const b = listen("b");
    room.nack(a.member, { type: "nack", from: 1, to: 1000 });
    room.nack(b.member, { type: "nack", from: 1, to: 1000 });
    room.leave(b.member);
    clock.run();
    expect(b.got.stamped).toBe(0);
  });
});
