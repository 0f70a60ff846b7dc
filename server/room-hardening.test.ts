import { describe, expect, it } from "vitest";
import { clientFrame } from "../shared/protocol.ts";
import { testRoom } from "./testing/room.ts";
import { InMemoryWorker } from "./testing/worker.ts";

describe("Room: held sends", () => {
  it("forgets a worker's held sends when it leaves: coming back and sending n=1 stamps only n=1", () => {
    const { room, clock } = testRoom();
    const first = new InMemoryWorker(room, clock.now, "held");
    first.hello();
    for (let n = 2; n <= 201; n++) first.session.text(clientFrame({ type: "send", n, data: `d${n}` }));
    clock.run();
    expect(room.lastSeq).toBe(0);
    first.session.closed();
    const back = new InMemoryWorker(room, clock.now, "held");
    back.hello();
    back.session.text(clientFrame({ type: "send", n: 1, data: "one" }));
    clock.run();
    expect(room.lastSeq).toBe(1);
  });

  it("keeps the held sends of a cid whose newer connection is still there when the old one closes", () => {
    const { room, clock } = testRoom();
    const old = new InMemoryWorker(room, clock.now, "twice");
    old.hello();
    const current = new InMemoryWorker(room, clock.now, "twice");
    current.hello();
    current.session.text(clientFrame({ type: "send", n: 2, data: "two" }));
    old.session.closed();
    current.session.text(clientFrame({ type: "send", n: 1, data: "one" }));
    clock.run();
    expect(room.lastSeq).toBe(2);
  });

  it("does not hold a send that reaches the sequencer after its worker left", () => {
    const { room, clock } = testRoom({ delay: 100, jitter: 0, loss: 0, dup: 0 });
    const first = new InMemoryWorker(room, clock.now, "gone");
    first.hello();
    first.session.text(clientFrame({ type: "send", n: 2, data: "two" }));
    first.session.closed();
    clock.run();
    const back = new InMemoryWorker(room, clock.now, "gone");
    back.hello();
    back.session.text(clientFrame({ type: "send", n: 1, data: "one" }));
    clock.run();
    expect(room.lastSeq).toBe(1);
  });
});
