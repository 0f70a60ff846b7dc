/** The durable log, on real files in a temporary directory. */
import { appendFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { orderDigest } from "../shared/digest.ts";
import { seededRandom } from "../shared/random.ts";
import { FileLog } from "./file-log.ts";
import type { LogRecord } from "./log.ts";

const record = (seq: number): LogRecord => ({ seq, from: 1, cid: "c", n: seq, data: `d${seq}`, time: seq });
const fail = (error: Error) => {
  throw error;
};

function open(dir: string) {
  const reports: string[] = [];
  const log = FileLog.open(dir, seededRandom(dir.length), (line) => reports.push(line), fail);
  return { log, reports };
}

/** Everything the log holds, read back. */
const all = (log: FileLog) => log.read(1, log.recovered.lastSeq);

async function appendAll(log: FileLog, records: LogRecord[]): Promise<number[]> {
  const durable: number[] = [];
  for (const r of records) log.append(r, () => durable.push(r.seq));
  await log.flushed();
  return durable;
}

describe("FileLog", () => {
  it("calls back in order once appends are written, and recovers them on reopening", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ordercast-log-"));
    const first = open(dir).log;
    expect(await appendAll(first, [record(1), record(2), record(3)])).toEqual([1, 2, 3]);
    await first.close();
    const again = open(dir).log;
    expect(all(again)).toEqual([record(1), record(2), record(3)]);
    expect(again.epoch).toBe(first.epoch);
  });

  it("detects a torn last record, reports it, cuts it off, and goes on after the last whole one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ordercast-log-"));
    const first = open(dir).log;
    await appendAll(first, [record(1), record(2)]);
    await first.close();
    const path = join(dir, "sequencer.log");
    const whole = statSync(path).size;
    appendFileSync(path, '1234abcd {"seq":3,"from":1,"ci');
    const { log, reports } = open(dir);
    expect(all(log).map((r) => r.seq)).toEqual([1, 2]);
    expect(reports.join()).toMatch(/torn or corrupt tail of \d+ bytes after seq 2/);
    expect(statSync(path).size).toBe(whole);
    await appendAll(log, [record(3)]);
    await log.close();
    expect(all(open(dir).log).map((r) => r.seq)).toEqual([1, 2, 3]);
  });

  it("stops at a record whose checksum does not match", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ordercast-log-"));
    const first = open(dir).log;
    await appendAll(first, [record(1), record(2), record(3)]);
    await first.close();
    const path = join(dir, "sequencer.log");
    writeFileSync(path, readFileSync(path, "utf8").replace('"data":"d2"', '"data":"XX"'));
    expect(all(open(dir).log).map((r) => r.seq)).toEqual([1]);
  });

  it("starts a new epoch with an empty log on reset", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ordercast-log-"));
    const log = open(dir).log;
    await appendAll(log, [record(1)]);
    const before = log.epoch;
    const epoch = log.reset();
    expect(epoch).not.toBe(before);
    await log.close();
    const again = open(dir).log;
    expect(again.epoch).toBe(epoch);
    expect(all(again)).toEqual([]);
  });

  it("keeps reserved worker ids across reopening", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ordercast-log-"));
    const first = open(dir).log;
    first.reserveIds(2000);
    await first.close();
    expect(open(dir).log.idsReserved).toBe(2000);
  });
});

describe("FileLog reset while a commit is on disk", () => {
  it("never confirms a record the reset's header then wipes", async () => {
    // Found in review: records of the new epoch rode the old commit, were confirmed, then truncated.
    const dir = mkdtempSync(join(tmpdir(), "ordercast-log-"));
    const log = open(dir).log;
    log.append(record(1), () => {});
    await new Promise((resolve) => setImmediate(resolve));
    log.reset();
    const confirmed: number[] = [];
    log.append(record(1), () => confirmed.push(1));
    log.append(record(2), () => confirmed.push(2));
    await log.flushed();
    await log.flushed();
    await log.close();
    const recovered = all(open(dir).log).map((r) => r.seq);
    for (const seq of confirmed) expect(recovered).toContain(seq);
    expect(recovered).toEqual([1, 2]);
  });
});

describe("FileLog memory bound", () => {
  const text = (seq: number) => `message ${seq} ${"x".repeat(seq % 50)}`;
  const long = (seq: number): LogRecord => ({ seq, from: 1 + (seq % 3), cid: `c${seq % 3}`, n: seq, data: text(seq), time: seq });

  it("keeps only a window in memory and reads older records back from the file, before and after reopening", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ordercast-log-"));
    const window = { records: 8, chars: 10_000 };
    const log = FileLog.open(dir, seededRandom(1), () => {}, fail, window);
    const records = Array.from({ length: 2000 }, (_, i) => long(i + 1));
    await appendAll(log, records);
    expect(log.inMemory).toBe(8);
    expect(log.read(1, 2000)).toEqual(records);
    expect(log.read(255, 258)).toEqual(records.slice(254, 258));
    expect(log.read(1990, 3000)).toEqual(records.slice(1989));
    await log.close();
    const again = FileLog.open(dir, seededRandom(1), () => {}, fail, window);
    expect(again.inMemory).toBe(8);
    expect(again.read(700, 1400)).toEqual(records.slice(699, 1400));
    expect(again.recovered.lastSeq).toBe(2000);
    expect(again.recovered.senders.get("c1")).toEqual({ from: 2, n: 1999 });
    for (const through of [0, 1, 257, 1999, 2000]) {
      expect(again.digest(through).value).toBe(orderDigest(records.slice(0, through)));
    }
    await again.close();
  });

  it("bounds the window by the size of its data too", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ordercast-log-"));
    const log = FileLog.open(dir, seededRandom(2), () => {}, fail, { records: 1000, chars: 100 });
    await appendAll(
      log,
      Array.from({ length: 50 }, (_, i) => long(i + 1)),
    );
    expect(log.inMemory).toBeLessThan(10);
    expect(log.read(1, 50).map((r) => r.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    await log.close();
  });

  it("recovers a log larger than the chunk it reads at a time", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ordercast-log-"));
    const log = FileLog.open(dir, seededRandom(3), () => {}, fail, { records: 100, chars: 100_000 });
    // About 2.5 MB: lines straddle the 1 MB chunks.
    const records = Array.from({ length: 25_000 }, (_, i) => long(i + 1));
    await appendAll(log, records);
    await log.close();
    expect(statSync(join(dir, "sequencer.log")).size).toBeGreaterThan(2 << 20);
    const again = FileLog.open(dir, seededRandom(3), () => {}, fail, { records: 100, chars: 100_000 });
    expect(again.recovered.lastSeq).toBe(25_000);
    expect(again.read(1, 25_000)).toEqual(records);
    await again.close();
  });

  it("forgets its window, index and digests on reset", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ordercast-log-"));
    const log = FileLog.open(dir, seededRandom(4), () => {}, fail, { records: 4, chars: 1000 });
    await appendAll(
      log,
      Array.from({ length: 600 }, (_, i) => long(i + 1)),
    );
    log.reset();
    const fresh = Array.from({ length: 300 }, (_, i) => ({ ...long(i + 1), data: `new ${i + 1}` }));
    await appendAll(log, fresh);
    expect(log.read(1, 600)).toEqual(fresh);
    expect(log.digest(300).value).toBe(orderDigest(fresh));
    await log.close();
  });
});
