import { describe, expect, it } from "vitest";
import type { StampedFields } from "../shared/protocol.ts";
import { batchFrames, FRAME_RUN, type FrameRun, RecentFrames } from "./recent-frames.ts";
import { batchRecords, parsedBatches } from "./testing/batches.ts";

const record = (seq: number, data = `m${seq}`): StampedFields => ({ seq, from: 1 + (seq % 3), n: seq, data, time: 1000 + seq });
const seqs = (first: number, last: number) => Array.from({ length: last - first + 1 }, (_, i) => first + i);

const recordsIn = (frames: readonly string[]) => batchRecords(parsedBatches(frames));

function filled(count: number, limit?: number, data?: (seq: number) => string): RecentFrames {
  const frames = new RecentFrames(limit);
  for (const seq of seqs(1, count)) frames.add(record(seq, data?.(seq)));
  return frames;
}

const firsts = (frames: RecentFrames, count: number) =>
  seqs(0, Math.ceil(count / FRAME_RUN)).flatMap((k) => {
    const run = frames.run(k * FRAME_RUN + 1, count);
    return run ? [run.first] : [];
  });

describe("RecentFrames", () => {
  it("builds each aligned run once its last record arrives, as catch-up would batch those records", () => {
    const frames = filled(2 * FRAME_RUN + 10);
    const run = frames.run(FRAME_RUN + 1, 2 * FRAME_RUN) as FrameRun;
    expect([run.first, run.last]).toEqual([FRAME_RUN + 1, 2 * FRAME_RUN]);
    expect(run.frames).toEqual(batchFrames(seqs(FRAME_RUN + 1, 2 * FRAME_RUN).map((seq) => record(seq))));
    expect(recordsIn(run.frames)).toEqual(seqs(FRAME_RUN + 1, 2 * FRAME_RUN).map((seq) => record(seq)));
    // The run being filled is not kept yet.
    expect(frames.run(2 * FRAME_RUN + 1, 3 * FRAME_RUN)).toBeUndefined();
  });

  it("gives a run only from its first seq, and only when it ends by `through`", () => {
    const frames = filled(FRAME_RUN);
    expect(frames.run(1, FRAME_RUN)).toBeDefined();
    expect(frames.run(1, FRAME_RUN - 1)).toBeUndefined();
    expect(frames.run(2, FRAME_RUN)).toBeUndefined();
    expect(frames.run(FRAME_RUN + 1, 10 * FRAME_RUN)).toBeUndefined();
  });

  it("splits a run whose data would pass the frame limit into several frames, and keeps every record", () => {
    const long = (seq: number) => `${"\\".repeat(900)}${seq}`;
    const run = filled(FRAME_RUN, undefined, long).run(1, FRAME_RUN) as FrameRun;
    expect(run.frames.length).toBeGreaterThan(1);
    expect(recordsIn(run.frames)).toEqual(seqs(1, FRAME_RUN).map((seq) => record(seq, long(seq))));
  });

  it("keeps at most its limit of characters, dropping the oldest runs first", () => {
    const one = batchFrames(seqs(1, FRAME_RUN).map((seq) => record(seq))).reduce((sum, f) => sum + f.length, 0);
    const count = 6 * FRAME_RUN;
    const frames = filled(count, Math.floor(2.5 * one));
    expect(frames.chars).toBeLessThanOrEqual(Math.floor(2.5 * one));
    expect(firsts(frames, count)).toEqual([4 * FRAME_RUN + 1, 5 * FRAME_RUN + 1]);
    expect(firsts(filled(count, 0), count)).toEqual([]);
  });

  it("forgets everything on reset, and keeps nothing that does not start on a run's boundary", () => {
    const frames = filled(2 * FRAME_RUN);
    frames.reset();
    expect(frames.chars).toBe(0);
    expect(frames.run(1, 2 * FRAME_RUN)).toBeUndefined();
    // A log that starts mid-run (never, for a real log) keeps only the runs after it.
    for (const seq of seqs(5, 2 * FRAME_RUN)) frames.add(record(seq));
    expect(firsts(frames, 2 * FRAME_RUN)).toEqual([FRAME_RUN + 1]);
  });

  it("drops the run being filled when a seq is missing", () => {
    const frames = new RecentFrames();
    for (const seq of seqs(1, 3 * FRAME_RUN)) if (seq !== 10) frames.add(record(seq));
    expect(firsts(frames, 3 * FRAME_RUN)).toEqual([FRAME_RUN + 1, 2 * FRAME_RUN + 1]);
  });
});
