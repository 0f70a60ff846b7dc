/** The durable log, on real files in a temporary directory. */
import { appendFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
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
    expect(again.recovered).toEqual([record(1), record(2), record(3)]);
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
    expect(log.recovered.map((r) => r.seq)).toEqual([1, 2]);
    expect(reports.join()).toMatch(/torn or corrupt tail of \d+ bytes after seq 2/);
    expect(statSync(path).size).toBe(whole);
    await appendAll(log, [record(3)]);
    await log.close();
    expect(open(dir).log.recovered.map((r) => r.seq)).toEqual([1, 2, 3]);
  });

  it("stops at a record whose checksum does not match", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ordercast-log-"));
    const first = open(dir).log;
    await appendAll(first, [record(1), record(2), record(3)]);
    await first.close();
    const path = join(dir, "sequencer.log");
    writeFileSync(path, readFileSync(path, "utf8").replace('"data":"d2"', '"data":"XX"'));
    expect(open(dir).log.recovered.map((r) => r.seq)).toEqual([1]);
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
    expect(again.recovered).toEqual([]);
  });

  it("keeps reserved worker ids across reopening", () => {
    const dir = mkdtempSync(join(tmpdir(), "ordercast-log-"));
    open(dir).log.reserveIds(2000);
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
    const recovered = open(dir).log.recovered.map((r) => r.seq);
    for (const seq of confirmed) expect(recovered).toContain(seq);
    expect(recovered).toEqual([1, 2]);
  });
});
