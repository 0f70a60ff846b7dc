import { describe, expect, it } from "vitest";
import { ErrorCode, MAX_FRAME_LENGTH } from "../shared/protocol.ts";
import { seededRandom } from "../shared/random.ts";
import { RateLimiter } from "./limiter.ts";
import { Room } from "./room.ts";
import { Session } from "./session.ts";
import { InMemoryWorker } from "./test-worker.ts";
import { VirtualScheduler } from "./virtual-scheduler.ts";

function setup() {
  const scheduler = new VirtualScheduler();
  const room = new Room({ settings: () => ({ delay: 0, jitter: 0 }), scheduler, random: seededRandom(1) });
  return { scheduler, room, worker: () => new InMemoryWorker(room, scheduler.now) };
}

describe("Session", () => {
  it("welcomes a worker with its id and forwards its sends, stamped, to every worker including itself", () => {
    const { room, worker } = setup();
    const a = worker();
    const b = worker();
    a.hello();
    b.hello();
    expect(a.core.workerId).toBe(1);
    expect(b.core.workerId).toBe(2);
    a.send("hello");
    for (const w of [a, b]) expect(w.core.delivered).toMatchObject([{ seq: 1, from: 1, n: 1, data: "hello" }]);
    expect(room.sequencer.lastSeq).toBe(1);
  });

  it("replays the whole history to a worker that joins late, then the live messages", () => {
    const { worker } = setup();
    const a = worker();
    a.hello();
    a.send("one");
    a.send("two");
    const late = worker();
    late.hello();
    expect(late.received[0]).toMatchObject({ type: "welcome", historyThrough: 2 });
    a.send("three");
    expect(late.core.delivered.map((m) => m.data)).toEqual(["one", "two", "three"]);
  });

  it("resumes after the seq a reconnecting worker already has", () => {
    const { worker } = setup();
    const a = worker();
    a.hello();
    for (const d of ["1", "2", "3"]) a.send(d);
    const back = worker();
    back.hello(2);
    expect(back.received.flatMap((m) => (m.type === "stamped" ? [m.seq] : []))).toEqual([3]);
  });

  it("answers a bad frame with an error code and keeps serving the connection", () => {
    const { worker } = setup();
    const a = worker();
    a.hello();
    a.session.text("{not json");
    a.session.text('{"type":"launch"}');
    a.session.text('{"type":"send","n":1}');
    a.session.text("x".repeat(MAX_FRAME_LENGTH + 1));
    a.session.binary();
    expect(a.errors()).toEqual([ErrorCode.BadJson, ErrorCode.UnknownType, ErrorCode.BadMessage, ErrorCode.TooLarge, ErrorCode.BinaryFrame]);
    a.send("still here");
    expect(a.core.delivered.map((m) => m.data)).toEqual(["still here"]);
    expect(a.closedWith).toBeNull();
  });

  it("requires hello before a send, and only one hello", () => {
    const { worker } = setup();
    const a = worker();
    a.session.text('{"type":"send","n":1,"data":"early"}');
    expect(a.received).toEqual([expect.objectContaining({ type: "error", code: ErrorCode.HelloRequired, ref: 1 })]);
    a.hello();
    a.hello();
    expect(a.errors()).toEqual([ErrorCode.HelloRequired, ErrorCode.AlreadyJoined]);
  });

  it("refuses another protocol version and closes with 4000", () => {
    const { worker } = setup();
    const a = worker();
    a.session.text('{"type":"hello","version":2}');
    expect(a.errors()).toEqual([ErrorCode.VersionUnsupported]);
    expect(a.closedWith).toBe(4000);
  });

  it("acts on nothing a refused connection sent after its bad hello", () => {
    const { room, worker } = setup();
    const a = worker();
    a.session.text('{"type":"hello","version":2}');
    a.session.text('{"type":"hello","version":1}');
    a.session.text('{"type":"send","n":1,"data":"sneaked in"}');
    expect(a.errors()).toEqual([ErrorCode.VersionUnsupported]);
    expect(room.size).toBe(0);
    expect(room.sequencer.lastSeq).toBe(0);
  });

  it("stops forwarding to a worker that left", () => {
    const { worker } = setup();
    const a = worker();
    const b = worker();
    a.hello();
    b.hello();
    b.session.closed();
    a.send("after b left");
    expect(b.core.delivered).toEqual([]);
  });

  it("refuses sends over the rate limit with RATE_LIMITED and the send's number", () => {
    const { scheduler, room } = setup();
    const sent: string[] = [];
    const session = new Session(room, { send: (f) => sent.push(f), close: () => {} }, new RateLimiter(2, 2, scheduler.now));
    session.text('{"type":"hello","version":1}');
    session.text('{"type":"send","n":1,"data":"a"}');
    session.text('{"type":"send","n":2,"data":"b"}');
    const last = JSON.parse(sent.at(-1) ?? "{}");
    expect(last).toMatchObject({ type: "error", code: ErrorCode.RateLimited, ref: 2 });
    expect(room.sequencer.lastSeq).toBe(1);
  });
});
