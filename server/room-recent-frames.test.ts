/**
 * Catch-up on the file log when its ready-built frames hold only the newest
 * runs: whatever the resume point, a worker gets the same records as the log
 * itself holds, part from the frames and part from the file.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { BATCH_CAPABILITY } from "../shared/protocol.ts";
import { seededRandom } from "../shared/random.ts";
import { FileLog } from "./file-log.ts";
import type { LogRecord } from "./log.ts";
import { DIRECT } from "./netsim.ts";
import { batchFrames, FRAME_RUN } from "./recent-frames.ts";
import { Room } from "./room.ts";
import { batchRecords } from "./testing/batches.ts";
import { VirtualClock } from "./testing/virtual-clock.ts";
import { InMemoryWorker } from "./testing/worker.ts";

const COUNT = 5 * FRAME_RUN + 300;
const TEXTS = ["100000001", 'a"b', "back\\slash", "é😀", '","time":[1]', "x".repeat(40)];
const record = (seq: number): LogRecord => ({
  seq,
  from: 1 + (seq % 3),
  cid: `c${seq % 3}`,
  n: Math.ceil(seq / 3),
  data: `${TEXTS[seq % TEXTS.length]}${seq}`,
  time: 5 * seq,
});
const wire = ({ cid: _, ...fields }: LogRecord) => fields;
const fail = (error: Error) => {
  throw error;
};

describe("catch-up from ready-built frames and the file together", () => {
  let log: FileLog;
  let room: Room;
  let clock: VirtualClock;
  let made = 0;

  beforeAll(async () => {
    const records = Array.from({ length: COUNT }, (_, i) => record(i + 1));
    // Room for the newest two runs' frames only.
    const twoRuns = 2 * batchFrames(records.slice(-FRAME_RUN - 300, -300)).reduce((sum, frame) => sum + frame.length, 0) + 1000;
    log = FileLog.open(mkdtempSync(join(tmpdir(), "ordercast-frames-")), seededRandom(5), () => {}, fail, {
      records: 16,
      chars: 100_000,
      frameChars: twoRuns,
    });
    for (const r of records) log.append(r, () => {});
    await log.flushed();
    clock = new VirtualClock();
    room = new Room({ clock, random: seededRandom(5), settings: DIRECT, log, teacherKey: null });
  });
  afterAll(() => log.close());

  const catchUpAfter = (after: number) => {
    const worker = new InMemoryWorker(room, clock.now, `late${++made}`);
    worker.hello(after, room.epoch, [BATCH_CAPABILITY]);
    clock.run();
    return batchRecords(worker.received);
  };

  it("keeps frames for the newest runs only, and sends those runs without reading the log", () => {
    expect(log.batchRun(1, COUNT)).toBeUndefined();
    expect(log.batchRun(3 * FRAME_RUN + 1, COUNT)?.last).toBe(4 * FRAME_RUN);
    expect(log.batchRun(4 * FRAME_RUN + 1, COUNT)?.last).toBe(5 * FRAME_RUN);
    const read = vi.spyOn(log, "read");
    expect(catchUpAfter(3 * FRAME_RUN)).toEqual(log.read(3 * FRAME_RUN + 1, COUNT).map(wire));
    expect(read.mock.calls[0]).toEqual([5 * FRAME_RUN + 1, COUNT]);
    read.mockRestore();
  });

  it("sends any resume point the same records as the log holds, in order", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: COUNT }), (after) => {
        expect(catchUpAfter(after)).toEqual(log.read(after + 1, COUNT).map(wire));
      }),
      { numRuns: 15, examples: [[0], [3 * FRAME_RUN], [3 * FRAME_RUN - 1], [5 * FRAME_RUN], [COUNT - 1], [COUNT]] },
    );
  });

  it("sends records, not ready-built frames, while a board watches: its mirrors observe each one", () => {
    room.board.watch({ send: () => {}, close: () => {} });
    const built = vi.spyOn(log, "batchRun");
    expect(catchUpAfter(100)).toEqual(log.read(101, COUNT).map(wire));
    expect(built).not.toHaveBeenCalled();
    built.mockRestore();
  });
});
