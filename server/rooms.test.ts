/** The rooms of one server: names folded, failures refused, new rooms rate-limited, idle rooms given up. */
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../shared/random.ts";
import { until } from "../shared/testing/wait.ts";
import { FileLog } from "./file-log.ts";
import { DIRECT } from "./netsim.ts";
import { Room } from "./room.ts";
import { DEFAULT_ROOM, RoomRefusal, Rooms } from "./rooms.ts";
import { testRoom } from "./testing/room.ts";
import { VirtualClock } from "./testing/virtual-clock.ts";
import { InMemoryWorker } from "./testing/worker.ts";

const fail = (error: Error) => {
  throw error;
};

/** Rooms on real file logs under one data folder, on a clock the test moves. */
function onDisk(options: { newPerMinute?: number; idleMs?: number; max?: number } = {}) {
  const data = mkdtempSync(join(tmpdir(), "ordercast-rooms-"));
  const clock = new VirtualClock();
  // The rooms' own time, moved by the test; the logs write on real time.
  const time = { now: 0, advance: (ms: number) => (time.now += ms) };
  const logs = new Map<string, FileLog>();
  const reports: string[] = [];
  const rooms = new Rooms(
    (name) => {
      const log = FileLog.open(join(data, name), seededRandom(1), () => {}, fail);
      logs.set(name, log);
      return new Room({ clock, random: seededRandom(1), settings: DIRECT, log, teacherKey: null, name });
    },
    options.max,
    { now: () => time.now, report: (line) => reports.push(line), ...options },
  );
  const room = (name: string) => {
    const got = rooms.open(name, "10.0.0.1");
    if (got instanceof RoomRefusal) throw new Error(got.reason);
    return got;
  };
  return { data, clock, time, logs, reports, rooms, room };
}

/** A worker says hello, sends one message, waits for it to be logged, and leaves. */
async function oneMessage(room: Room, clock: VirtualClock, log: FileLog | undefined): Promise<void> {
  const worker = new InMemoryWorker(room, clock.now, "w");
  worker.hello();
  worker.send("kept");
  await until(
    async () => {
      clock.run();
      await log?.flushed();
      return room.lastSeq === 1;
    },
    () => "the message to be logged",
  );
  worker.session.closed();
}

describe("Rooms", () => {
  it("folds names: ?room=CS101 and ?room=cs101 are one room, with one folder", () => {
    const { data, rooms, room } = onDisk();
    const upper = room("CS101");
    expect(room("cs101")).toBe(upper);
    expect(rooms.find("Cs101")).toBe(upper);
    expect(upper.name).toBe("cs101");
    expect([...rooms.entries()].map(([name]) => name)).toEqual(["cs101"]);
    expect(readdirSync(data)).toEqual([]);
  });

  it("refuses with 503 and a reason a room whose log cannot be opened, and stays usable", () => {
    const reports: string[] = [];
    let broken = true;
    const rooms = new Rooms(
      (name) => {
        if (broken) throw Object.assign(new Error(`EMFILE: too many open files, open '/data/${name}/sequencer.log'`), { code: "EMFILE" });
        return testRoom().room;
      },
      100,
      { report: (line) => reports.push(line) },
    );
    const refused = rooms.open("busy", "10.0.0.1");
    expect(refused).toBeInstanceOf(RoomRefusal);
    if (!(refused instanceof RoomRefusal)) return;
    expect(refused.status).toBe(503);
    expect(refused.reason).toBe('room "busy" is unavailable: its log cannot be opened (EMFILE)');
    expect(refused.http()).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\nRetry-After: 5\r\n[\s\S]*EMFILE\)\n$/);
    expect(reports.join()).toMatch(/room "busy" cannot open its log: EMFILE/);
    expect(rooms.get("busy")).toBeNull();
    broken = false;
    expect(rooms.open("busy", "10.0.0.1")).toBeInstanceOf(Room);
  });

  it("refuses a second room on a folder this server already writes (a folder locked by another server alike)", () => {
    const { data, rooms } = onDisk();
    const other = FileLog.open(join(data, "taken"), seededRandom(2), () => {}, fail);
    other.append({ seq: 1, from: 1, cid: "c", n: 1, data: "x", time: 0 }, () => {});
    return other.flushed().then(async () => {
      const refused = rooms.open("taken", "10.0.0.1");
      expect(refused).toBeInstanceOf(RoomRefusal);
      expect(refused instanceof RoomRefusal && refused.reason).toMatch(/LOG_LOCKED/);
      await other.close();
      expect(rooms.open("taken", "10.0.0.1")).toBeInstanceOf(Room);
    });
  });

  it("lets one address make 10 new rooms a minute (429 past that); rooms that exist are always open", () => {
    const { time, rooms, room } = onDisk({ idleMs: 3_600_000 });
    for (let i = 0; i < 10; i++) room(`r${i}`);
    const refused = rooms.open("r10", "10.0.0.1");
    expect(refused instanceof RoomRefusal && [refused.status, refused.retryAfterSeconds]).toEqual([429, 60]);
    expect(refused instanceof RoomRefusal && refused.http()).toMatch(/^HTTP\/1\.1 429 Too Many Requests\r\nRetry-After: 60\r\n/);
    expect(rooms.open("r3", "10.0.0.1")).toBeInstanceOf(Room);
    expect(rooms.open("r10", "10.0.0.2")).toBeInstanceOf(Room);
    time.advance(60_000);
    expect(rooms.open("r11", "10.0.0.1")).toBeInstanceOf(Room);
  });

  it("makes no folder for 30 rooms opened without a message", () => {
    const { data, room } = onDisk({ newPerMinute: 100 });
    for (let i = 0; i < 30; i++) room(`empty-${i}`);
    expect(readdirSync(data)).toEqual([]);
  });

  it("gives up a room idle for the idle time, keeping its folder; it comes back from it", async () => {
    const { data, clock, time, logs, rooms, room } = onDisk({ idleMs: 60_000 });
    room(DEFAULT_ROOM);
    const kept = room("kept");
    await oneMessage(kept, clock, logs.get("kept"));
    time.advance(59_000);
    rooms.tick();
    expect(rooms.find("kept")).toBe(kept);
    time.advance(1000);
    rooms.tick();
    expect(rooms.find("kept")).toBeUndefined();
    expect(rooms.find(DEFAULT_ROOM)).toBeDefined();
    await until(
      () => !existsSync(join(data, "kept", "lock")),
      () => "the lock to be released",
    );
    expect(existsSync(join(data, "kept", "sequencer.log"))).toBe(true);
    expect(room("kept").lastSeq).toBe(1);
  });

  it("keeps a room someone is connected to or watches, however long", () => {
    const { time, rooms, room } = onDisk({ idleMs: 60_000 });
    room("watched").board.watch({ send: () => {}, close: () => {} });
    room("attached").attached++;
    time.advance(3_600_000);
    rooms.tick();
    expect(rooms.find("watched")).toBeDefined();
    expect(rooms.find("attached")).toBeDefined();
  });

  it("at the cap, gives up the longest idle room, messages and all, for a new one", async () => {
    const { clock, time, logs, rooms, room } = onDisk({ max: 3 });
    room(DEFAULT_ROOM);
    await oneMessage(room("older"), clock, logs.get("older"));
    time.advance(1000);
    await oneMessage(room("newer"), clock, logs.get("newer"));
    expect(rooms.open("next", "10.0.0.1")).toBeInstanceOf(Room);
    expect([...rooms.entries()].map(([name]) => name).sort()).toEqual(["default", "newer", "next"]);
    rooms.find("newer")?.board.watch({ send: () => {}, close: () => {} });
    const next = rooms.find("next");
    if (next) next.attached++;
    const refused = rooms.open("last", "10.0.0.1");
    expect(refused instanceof RoomRefusal && refused.reason).toBe("too many rooms in use");
  });

  it("drops a room whose log failed: its workers are cut off and the next ask reopens its log", async () => {
    const setup = onDisk();
    const { clock, logs, rooms, room } = setup;
    const failing = room("failing");
    await oneMessage(failing, clock, logs.get("failing"));
    const worker = new InMemoryWorker(failing, clock.now, "x");
    worker.hello();
    rooms.drop(failing);
    expect(worker.closedWith).not.toBeNull();
    // Wait for the dropped log to let go of its folder, then ask once: each failed ask counts against
    // the address's new rooms a minute, so asking in a loop could use them up on a slow machine.
    const { data } = setup;
    await until(
      () => !existsSync(join(data, "failing", "lock")),
      () => "the dropped room's log to release its lock",
    );
    const again = rooms.open("failing", "10.0.0.9");
    expect(again).toBeInstanceOf(Room);
    expect(again).not.toBe(failing);
    expect((again as Room).lastSeq).toBe(1);
  });
});
