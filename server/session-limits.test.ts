/** What a session asks of the limits it shares with other connections: watcher slots and wrong-key guesses. */
import { describe, expect, it } from "vitest";
import { clientFrame, ErrorCode, PROTOCOL_VERSION, parseServerFrame, type ServerMessage } from "../shared/protocol.ts";
import { Session, type SessionLimits } from "./session.ts";
import { TEST_KEY, testRoom } from "./testing/room.ts";
import { InMemoryWorker } from "./testing/worker.ts";

function setup(limits: Partial<SessionLimits> = {}) {
  const { room, clock } = testRoom();
  const calls: string[] = [];
  const received: ServerMessage[] = [];
  const session = new Session(
    room,
    {
      send: (frame) => {
        const parsed = parseServerFrame(frame);
        if (parsed.ok) received.push(parsed.message);
      },
      close: () => session.closed(),
      bufferedAmount: () => 0,
    },
    null,
    () => 0,
    {
      watch: () => {
        calls.push("watch");
        return true;
      },
      unwatch: () => void calls.push("unwatch"),
      mayTryKey: () => true,
      wrongKey: () => void calls.push("wrongKey"),
      ...limits,
    },
  );
  const errors = () => received.flatMap((m) => (m.type === "error" ? [m.code] : []));
  return { room, clock, session, calls, received, errors };
}

describe("Session limits", () => {
  it("counts a wrong key as a guess, but neither the right key nor an empty one", () => {
    const { session, calls, errors } = setup();
    session.text('{"type":"reset","key":"a-guess"}');
    session.text('{"type":"reset","key":""}');
    session.text(JSON.stringify({ type: "reset", key: TEST_KEY }));
    expect(calls).toEqual(["wrongKey"]);
    expect(errors()).toEqual([ErrorCode.KeyRequired, ErrorCode.KeyRequired]);
  });

  it("refuses every key use, the right key included, once the address is out of guesses", () => {
    const { room, session, errors } = setup({ mayTryKey: () => false });
    session.text(JSON.stringify({ type: "configure", key: TEST_KEY, network: { loss: 0.5 } }));
    expect(errors()).toEqual([ErrorCode.RateLimited]);
    expect(room.teacher.network.loss).toBe(0);
    expect(session.idle).toBe(true);
  });

  it("does not watch without a slot, and stays idle for the hello timeout", () => {
    const { session, received, errors } = setup({ watch: () => false });
    session.text('{"type":"watch","version":1}');
    expect(errors()).toEqual([ErrorCode.RateLimited]);
    expect(received.some((m) => m.type === "board")).toBe(false);
    expect(session.idle).toBe(true);
  });

  it("gives its watcher slot back once, however often it is closed", () => {
    const { session, calls } = setup();
    session.text('{"type":"watch","version":1}');
    session.closed();
    session.closed();
    expect(calls).toEqual(["watch", "unwatch"]);
  });

  it("answers a nack past the connection's resend budget with RATE_LIMITED, and resends nothing for it", () => {
    const { room, clock, session, received, errors } = setup();
    const sender = new InMemoryWorker(room, clock.now, "sender");
    sender.hello();
    for (let i = 0; i < 3000; i++) sender.send(`m${i}`);
    clock.run();
    session.text(clientFrame({ type: "hello", version: PROTOCOL_VERSION, cid: "asker" }));
    clock.run();
    const stamped = () => received.filter((m) => m.type === "stamped").length;
    const caughtUp = stamped();
    // The burst holds 2,000 records: two nacks of 1,000 are resent, the third is refused.
    for (let i = 0; i < 3; i++) session.text(clientFrame({ type: "nack", from: 1, to: 1000 }));
    clock.run();
    expect(stamped() - caughtUp).toBe(2000);
    expect(errors()).toEqual([ErrorCode.RateLimited]);
  });
});
