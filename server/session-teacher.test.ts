/** What the key holder and the board do through a session: configure, reset and watch, and what a reset must leave behind. */
import { describe, expect, it } from "vitest";
import { ErrorCode } from "../shared/protocol.ts";
import { seededRandom } from "../shared/random.ts";
import { MemoryLog } from "./log.ts";
import { DIRECT } from "./netsim.ts";
import { Room } from "./room.ts";
import { Session } from "./session.ts";
import { TEST_KEY, testRoom } from "./testing/room.ts";
import { VirtualClock } from "./testing/virtual-clock.ts";
import { InMemoryWorker } from "./testing/worker.ts";

function setup() {
  const { clock, room, log } = testRoom();
  let made = 0;
  return { clock, room, log, worker: (cid = `w${++made}`) => new InMemoryWorker(room, clock.now, cid) };
}

describe("Session, for the key holder and the board", () => {
  it("changes the network only for the key holder, and tells every worker", () => {
    const { room, worker } = setup();
    const a = worker();
    a.hello();
    a.session.text('{"type":"configure","key":"guess","network":{"loss":0.5}}');
    expect(a.errors()).toEqual([ErrorCode.KeyRequired]);
    expect(room.teacher.network.loss).toBe(0);
    a.session.text(JSON.stringify({ type: "configure", key: TEST_KEY, network: { loss: 0.5 } }));
    expect(room.teacher.network.loss).toBe(0.5);
    expect(a.received.at(-1)).toMatchObject({ type: "settings", network: { loss: 0.5 } });
  });

  it("resets the room only for the key holder: new epoch, empty log, workers asked to rejoin (4003)", () => {
    const { room, worker } = setup();
    const a = worker();
    a.hello();
    a.send("before");
    const epoch = room.epoch;
    a.session.text('{"type":"reset","key":"nope"}');
    expect(room.lastSeq).toBe(1);
    a.session.text(JSON.stringify({ type: "reset", key: TEST_KEY }));
    expect(room.lastSeq).toBe(0);
    expect(room.epoch).not.toBe(epoch);
    expect(a.closedWith).toBe(4003);
  });

  it("lets a board watch: the whole picture at once, then what changed", () => {
    const { room, worker } = setup();
    const a = worker();
    a.hello();
    const frames: string[] = [];
    const board = new Session(room, { send: (f) => frames.push(f), close: () => {} }, null);
    board.text('{"type":"watch","version":1}');
    a.send("x");
    room.board.push();
    const [first, second] = frames.map((f) => JSON.parse(f));
    expect(first).toMatchObject({
      type: "board",
      workers: [{ id: a.core.workerId, delivered: 0 }],
      agreement: { agree: true, through: 0 },
    });
    expect(second).toMatchObject({ type: "board", lastSeq: 1, workers: [{ delivered: 1 }], agreement: { agree: true, through: 1 } });
    expect(second.rows).toEqual([[a.core.workerId, 1, expect.any(Number), expect.any(Number), expect.any(Number)]]);
  });

  it("switching the ordering mode resets the room and tells the workers", () => {
    const { room, worker } = setup();
    const a = worker();
    a.hello();
    a.send("before");
    a.session.text(JSON.stringify({ type: "configure", key: TEST_KEY, mode: "none" }));
    expect(room.teacher.mode).toBe("none");
    expect(room.lastSeq).toBe(0);
    expect(a.closedWith).toBe(4003);
  });

  it("a reset keeps sends still on their way up out of the new epoch", () => {
    // Found in review: a send in flight at a reset was stamped into the new epoch.
    const { clock, room, log } = testRoom({ delay: 100, jitter: 0, loss: 0, dup: 0 });
    void log;
    const a = new InMemoryWorker(room, clock.now, "slow-sender");
    a.hello();
    a.send("old");
    a.session.text(JSON.stringify({ type: "reset", key: TEST_KEY }));
    clock.run();
    expect(room.lastSeq).toBe(0);
  });

  it("a resume point far past the log costs nothing, even while a board watches", () => {
    // Found in review: the mirror replayed 1..after unclamped, and a huge `after` froze the server.
    const { room, worker } = setup();
    const board = new Session(room, { send: () => {}, close: () => {} }, null);
    board.text('{"type":"watch","version":1}');
    const a = worker();
    a.hello();
    a.send("x");
    const b = worker();
    b.hello(Number.MAX_SAFE_INTEGER, room.epoch);
    expect(b.received[0]).toMatchObject({ type: "welcome", historyThrough: 1 });
    expect(room.board.message(true).workers).toHaveLength(2);
  });

  it("a reset forgets the messages in flight and the losses a scenario planned", () => {
    // Found in review: a planned loss outlived the scenario and struck the next one.
    const { room } = setup();
    room.flights.loseNext("down", 2, 3);
    room.reset();
    expect(room.flights.idle).toBe(true);
  });

  it("a reset while a restart waits for the log lets sends in again", () => {
    // Found in review: the cancelled restart left the room refusing every send.
    const clock = new VirtualClock();
    const log = new MemoryLog(seededRandom(1), { clock, delayMs: 5 });
    const room = new Room({ clock, random: seededRandom(1), settings: DIRECT, log, teacherKey: TEST_KEY });
    const a = new InMemoryWorker(room, clock.now, "a");
    a.hello();
    a.send("not yet durable");
    room.restart();
    room.reset();
    clock.run();
    const b = new InMemoryWorker(room, clock.now, "b");
    b.hello();
    b.send("after the reset");
    clock.run();
    expect(room.lastSeq).toBe(1);
    expect(b.core.delivered.map((m) => m.data)).toEqual(["after the reset"]);
  });

  it("says why a step did nothing: no message is in flight, not that one arrived", () => {
    // Found in review: stepping an idle network answered "that message has already arrived, or was dropped".
    const { room, worker } = setup();
    const a = worker();
    a.hello();
    a.session.text(JSON.stringify({ type: "control", key: TEST_KEY, action: "step" }));
    expect(room.flights.idle).toBe(true);
    const error = a.received.at(-1);
    expect(error).toMatchObject({ type: "error", code: ErrorCode.NotInFlight });
    expect(JSON.stringify(error)).toContain("no message is in flight");
    a.session.text(JSON.stringify({ type: "control", key: TEST_KEY, action: "drop", id: 12345 }));
    expect(JSON.stringify(a.received.at(-1))).toContain("already arrived, or was dropped");
  });

  it("takes the key only whole, whatever its length", () => {
    const { room } = setup();
    expect(room.teacher.holdsKey(TEST_KEY)).toBe(true);
    expect(room.teacher.holdsKey(`${TEST_KEY}x`)).toBe(false);
    expect(room.teacher.holdsKey(TEST_KEY.slice(0, -1))).toBe(false);
    expect(room.teacher.holdsKey("")).toBe(false);
  });
});
