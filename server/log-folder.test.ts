/** A room's log folder on real files: made with the first record, and locked against a second writer. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../shared/random.ts";
import { FileLog } from "./file-log.ts";
import type { LogRecord } from "./log.ts";
import { LogLockedError } from "./log-lock.ts";

const record = (seq: number): LogRecord => ({ seq, from: 1, cid: "c", n: seq, data: `d${seq}`, time: seq });
const fail = (error: Error) => {
  throw error;
};
const data = () => mkdtempSync(join(tmpdir(), "ordercast-data-"));

function open(dir: string, reports: string[] = [], onFatal: (error: Error) => void = fail) {
  return FileLog.open(dir, seededRandom(1), (line) => reports.push(line), onFatal);
}

describe("a room's log folder", () => {
  it("is not made when the room is opened, nor by a hello's id reservation: only by the first record", async () => {
    const dir = join(data(), "fresh");
    const log = open(dir);
    log.reserveIds(1000);
    await log.flushed();
    expect(existsSync(dir)).toBe(false);
    const durable: number[] = [];
    log.append(record(1), () => durable.push(1));
    await log.flushed();
    expect(durable).toEqual([1]);
    expect(readFileSync(join(dir, "worker-ids"), "utf8")).toBe("1000\n");
    await log.close();
    const again = open(dir);
    expect(again.read(1, 1)).toEqual([record(1)]);
    expect(again.epoch).toBe(log.epoch);
    expect(again.idsReserved).toBe(1000);
    await again.close();
  });

  it("a room closed before its first record leaves nothing on disk", async () => {
    const root = data();
    const log = open(join(root, "empty"));
    log.reset();
    await log.close();
    expect(existsSync(join(root, "empty"))).toBe(false);
  });

  it("refuses a second writer of the same folder, and lets it in once the first closes", async () => {
    const dir = data();
    const first = open(dir);
    expect(() => open(dir)).toThrow(LogLockedError);
    expect(() => open(dir)).toThrow(/already open in this server/);
    await first.close();
    const second = open(dir);
    await second.close();
  });

  it("refuses a folder another live process holds", () => {
    const dir = data();
    writeFileSync(join(dir, "lock"), `${process.ppid}\n`);
    expect(() => open(dir)).toThrow(/in use by another server \(pid \d+\)/);
  });

  it("takes over the lock of a process that is gone, with a warning", async () => {
    const dir = data();
    const gone = spawnSync(process.execPath, ["-e", "process.pid"]).pid;
    writeFileSync(join(dir, "lock"), `${gone}\n`);
    const reports: string[] = [];
    const log = open(dir, reports);
    expect(reports.join()).toMatch(new RegExp(`taking over the lock of process ${gone}`));
    expect(readFileSync(join(dir, "lock"), "utf8")).toBe(`${process.pid}\n`);
    await log.close();
    expect(existsSync(join(dir, "lock"))).toBe(false);
  });

  it("a new room whose folder another writer made meanwhile fails at its first record, and never overwrites that log", async () => {
    const dir = join(data(), "raced");
    const errors: Error[] = [];
    const late = open(dir, [], (error) => errors.push(error));
    const early = open(dir);
    early.append(record(1), () => {});
    await early.flushed();
    const confirmed: number[] = [];
    late.append(record(1), () => confirmed.push(1));
    await late.flushed();
    expect(errors.map((e) => e.message).join()).toMatch(/already open in this server/);
    await early.close();
    // The lock is free now, but the folder holds a log: the late room's header must not replace it.
    late.append(record(2), () => confirmed.push(2));
    await late.flushed();
    expect(errors.map((e) => e.message).join()).toMatch(/EEXIST/);
    expect(confirmed).toEqual([]);
    const reopened = open(dir);
    expect(reopened.epoch).toBe(early.epoch);
    expect(reopened.recovered.lastSeq).toBe(1);
    await reopened.close();
  });

  it("throws at open what the disk throws, and leaves the folder unlocked", () => {
    const dir = data();
    mkdirSync(join(dir, "sequencer.log"));
    expect(() => open(dir)).toThrow(/EISDIR/);
    expect(existsSync(join(dir, "lock"))).toBe(false);
  });
});
