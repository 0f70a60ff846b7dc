/** Issue 10 on the server: lanes through disconnects, bot names, order colours, stamps for arrows, and following one message. */
import { describe, expect, it } from "vitest";
import {
  type Board,
  ErrorCode,
  FOLLOWS_PER_SECOND,
  LANE_KEPT_OFFLINE_MS,
  type NetworkSettings,
  type ServerMessage,
} from "../shared/protocol.ts";
import type { Room } from "./room.ts";
import { Session } from "./session.ts";
import { TEST_KEY, testRoom } from "./testing/room.ts";
import type { VirtualClock } from "./testing/virtual-clock.ts";
import { InMemoryWorker } from "./testing/worker.ts";

/** A board on its own session: every board message it got, parsed. */
function watch(room: Room) {
  const frames: ServerMessage[] = [];
  const session = new Session(room, { send: (f) => frames.push(JSON.parse(f)), close: () => {} }, null);
  session.text('{"type":"watch","version":1}');
  const boards = () => frames.filter((m): m is Board => m.type === "board");
  return { session, frames, boards, last: () => boards().at(-1) as Board };
}

/** Moves virtual time on by `ms`, running what falls due. */
function advancing(clock: VirtualClock) {
  return (ms: number) => {
    const until = clock.now() + ms;
    clock.after(ms, () => {});
    clock.runUntil(() => false, until);
  };
}

function setup(settings?: NetworkSettings) {
  const { clock, room } = testRoom(settings);
  return { clock, room, advance: advancing(clock), worker: (cid: string) => new InMemoryWorker(room, clock.now, cid) };
}

describe("lanes through disconnects", () => {
  it("keeps an away worker's lane, not connected, with its span away, and closes the span when it is back", () => {
    const { clock, room, worker, advance } = setup();
    const board = watch(room);
    const a = worker("a");
    a.hello();
    const b = worker("b");
    b.hello();
    a.send("x");
    advance(1000);
    const left = clock.now();
    b.session.closed();
    room.board.push();
    const away = board.last().workers.find((w) => w.id === b.core.workerId);
    expect(away).toMatchObject({ connected: false, delivered: 1, offline: [[left, null]] });
    advance(5000);
    const again = worker("b");
    again.hello(1, room.epoch);
    room.board.push();
    expect(board.last().workers.find((w) => w.id === b.core.workerId)).toMatchObject({ connected: true, offline: [[left, left + 5000]] });
  });

  it(`drops a lane once its worker has been away ${LANE_KEPT_OFFLINE_MS / 1000} s, and not before`, () => {
    const { room, worker, advance } = setup();
    const board = watch(room);
    const a = worker("a");
    a.hello();
    a.session.closed();
    advance(LANE_KEPT_OFFLINE_MS - 1);
    room.board.push();
    expect(board.last().workers.map((w) => w.connected)).toEqual([false]);
    advance(1);
    room.board.push();
    expect(board.last().workers).toEqual([]);
  });

  it("keeps at most the 5 newest spans away", () => {
    const { room, worker, advance } = setup();
    const board = watch(room);
    for (let i = 0; i < 7; i++) {
      const a = worker("a");
      a.hello();
      advance(10);
      a.session.closed();
      advance(10);
    }
    room.board.push();
    const offline = board.last().workers[0]?.offline ?? [];
    expect(offline).toHaveLength(5);
    expect(offline.at(-1)?.[1]).toBeNull();
  });
});

describe("bots carry their scenario names", () => {
  it("names the lanes of a scenario's bots A and B; people's lanes have no name", () => {
    const { clock, room, worker } = setup();
    const board = watch(room);
    room.scenarios.start("disconnect", 3);
    clock.runUntil(() => room.scenarios.state?.state === "done", 120_000);
    worker("person").hello();
    room.board.push();
    const names = board.last().workers.map((w) => w.name);
    expect(names).toEqual(expect.arrayContaining(["A", "B", null]));
    // The disconnect scenario's B was away: its lane stayed, and shows the span.
    const b = board.last().workers.find((w) => w.name === "B");
    expect(b?.offline.length).toBeGreaterThan(0);
  });
});

describe("nobody takes a bot's name", () => {
  it("a hello with cid bot-A during a scenario is not named A, and does not replace bot A", () => {
    const { clock, room, worker } = setup();
    const board = watch(room);
    room.scenarios.start("disconnect", 3);
    clock.runUntil(() => room.size >= 2, 5_000);
    const fake = worker("bot-A");
    fake.hello();
    room.board.push();
    const lanes = board.last().workers;
    expect(lanes.find((w) => w.id === fake.core.workerId)?.name).toBeNull();
    expect(lanes.find((w) => w.name === "A")).toMatchObject({ connected: true });
    expect(lanes.find((w) => w.name === "A")?.id).not.toBe(fake.core.workerId);
  });
});

describe("stamps for the board's arrows", () => {
  it("say who sent each message and when its send left the sender", () => {
    const { clock, room, worker, advance } = setup({ delay: 100, jitter: 0, loss: 0, dup: 0 });
    const board = watch(room);
    const a = worker("a");
    a.hello();
    advance(500);
    const sentAt = clock.now();
    a.send("x");
    clock.runUntil(() => room.lastSeq === 1, 10_000);
    room.board.push();
    const stamps = board.boards().flatMap((m) => m.stamps);
    expect(stamps).toEqual([[1, sentAt + 100, a.core.workerId, sentAt]]);
  });
});

describe("order colours", () => {
  it("tells each worker its order's colour with ordering off, and gives two workers that disagree two colours", () => {
    const { clock, room } = testRoom({ delay: 10, jitter: 2000, loss: 0, dup: 0 });
    room.configure({}, "none");
    const workers = ["a", "b", "c", "d"].map((cid) => new InMemoryWorker(room, clock.now, cid));
    for (const w of workers) w.hello();
    for (let i = 0; i < 10; i++) for (const w of workers) w.send(`m${i}`);
    clock.runUntil(() => workers.every((w) => w.core.delivered.length === 40), 60_000);
    room.board.push();
    const told = workers.map((w) => w.received.filter((m) => m.type === "order").at(-1));
    const orders = workers.map((w) => w.core.delivered.map((m) => m.seq).join());
    // With this seed the four orders all differ: four colours (with fewer, equal orders would share one).
    expect(new Set(orders).size).toBe(4);
    expect(told.map((m) => m?.type === "order" && m.lag)).toEqual([0, 0, 0, 0]);
    const colours = told.map((m) => (m?.type === "order" ? m.colour : -1));
    expect(colours.every((c) => c >= 0)).toBe(true);
    expect(new Set(colours).size).toBe(4);
  });

  it("shows workers in total order, lagging or not, all in colour 0, with their lag", () => {
    const { room, worker } = setup();
    const board = watch(room);
    const a = worker("a");
    a.hello();
    a.send("x");
    a.send("y");
    const late = worker("late");
    room.board.push();
    late.hello();
    room.board.push();
    expect(board.last().workers.map((w) => [w.colour, w.lag])).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });
});

describe("follow", () => {
  it("tells every worker and board who follows which seq, and a joining worker what is followed", () => {
    const { room, worker, advance } = setup();
    const board = watch(room);
    const a = worker("a");
    a.hello();
    const b = worker("b");
    b.hello();
    a.send("x");
    a.session.text('{"type":"follow","seq":1}');
    expect(b.received.at(-1)).toEqual({ type: "follow", seq: 1, by: a.core.workerId });
    expect(board.frames.at(-1)).toEqual({ type: "follow", seq: 1, by: a.core.workerId });
    room.board.push();
    expect(board.last().followed).toBe(1);
    const c = worker("c");
    c.hello();
    expect(c.received[0]).toMatchObject({ type: "welcome", followed: 1 });
    board.session.text('{"type":"follow","seq":null}');
    advance(1000); // the room broadcasts follows at most FOLLOW_BROADCASTS_PER_SECOND a second
    expect(a.received.filter((m) => m.type === "follow").at(-1)).toEqual({ type: "follow", seq: null, by: null });
  });

  it("refuses a seq past the last one, or not a seq, in words, and needs a hello or a watch first", () => {
    const { room, worker } = setup();
    const a = worker("a");
    a.session.text('{"type":"follow","seq":1}');
    a.hello();
    a.session.text('{"type":"follow","seq":1}');
    a.session.text('{"type":"follow","seq":0}');
    a.session.text('{"type":"follow","seq":1.5}');
    expect(a.errors()).toEqual([ErrorCode.HelloRequired, ErrorCode.BadRange, ErrorCode.BadMessage, ErrorCode.BadMessage]);
    expect(a.received.flatMap((m) => (m.type === "error" ? [m.message] : []))[1]).toBe("cannot follow #1: the last seq is 0");
    expect(room.following.seq).toBeNull();
  });

  it(`takes at most ${FOLLOWS_PER_SECOND} follows a second from one connection`, () => {
    const { worker } = setup();
    const a = worker("a");
    a.hello();
    for (let i = 0; i <= FOLLOWS_PER_SECOND; i++) a.session.text('{"type":"follow","seq":null}');
    expect(a.errors()).toEqual([ErrorCode.RateLimited]);
  });

  it("follows nothing in a new epoch", () => {
    const { room, worker } = setup();
    const a = worker("a");
    a.hello();
    a.send("x");
    a.session.text('{"type":"follow","seq":1}');
    a.session.text(JSON.stringify({ type: "reset", key: TEST_KEY }));
    expect(room.following.seq).toBeNull();
  });
});

describe("a worker back after its lane was dropped", () => {
  it("is compared again from where it stands: still the sequencer's order", () => {
    const { room, worker, advance } = setup();
    const board = watch(room);
    const a = worker("a");
    a.hello();
    a.send("x");
    a.session.closed();
    advance(LANE_KEPT_OFFLINE_MS);
    room.board.push();
    expect(board.last().workers).toEqual([]);
    const back = worker("a");
    back.hello(1, room.epoch);
    back.send("y");
    room.board.push();
    expect(board.last().workers.map((w) => [w.delivered, w.colour, w.connected])).toEqual([[2, 0, true]]);
  });
});

describe("colours never lie, checked against the workers' own deliveries", () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    "with ordering off (seed %i): equal colours only for orders that agree so far; at the end, exactly for equal orders",
    (seed) => {
      const { room, worker, advance } = setup({ delay: 10, jitter: 1500, loss: 0, dup: 0 });
      room.configure({}, "none");
      room.reseed(seed);
      const board = watch(room);
      const workers = ["a", "b", "c", "d", "e"].map(worker);
      for (const w of workers) w.hello();
      const agree = (x: number[], y: number[]) => x.every((seq, i) => i >= y.length || y[i] === seq);
      const check = (exact: boolean) => {
        room.board.push();
        const colours = new Map(board.last().workers.map((w) => [w.id, w.colour]));
        for (const x of workers)
          for (const y of workers) {
            const [sx, sy] = [x.core.delivered.map((m) => m.seq), y.core.delivered.map((m) => m.seq)];
            const same = colours.get(x.core.workerId ?? 0) === colours.get(y.core.workerId ?? 0);
            if (same) expect(agree(sx, sy)).toBe(true);
            if (exact) expect(same).toBe(sx.join() === sy.join());
          }
      };
      for (let round = 0; round < 6; round++) {
        for (const w of workers.slice(round % 3)) w.send(`r${round}`);
        advance(400);
        check(false);
      }
      advance(5000);
      expect(workers.map((w) => w.core.delivered.length)).toEqual(workers.map(() => room.lastSeq));
      check(true);
    },
  );
});

describe("a connection replaced at once", () => {
  it("draws no span away (a reloaded tab that takes its own identity over)", () => {
    const { room, worker } = setup();
    const board = watch(room);
    worker("a").hello();
    worker("a").hello();
    room.board.push();
    expect(board.last().workers.map((w) => [w.connected, w.offline])).toEqual([[true, []]]);
  });
});
