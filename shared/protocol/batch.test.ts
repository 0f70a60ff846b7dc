import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { batchTimes, buildBatch } from "./batch.ts";
import { ErrorCode } from "./codes.ts";
import { BATCH_CAPABILITY, MAX_BATCH_FRAME_LENGTH, MAX_BATCH_RECORDS, MAX_DATA_LENGTH, MAX_FRAME_LENGTH } from "./constants.ts";
import type { StampedFields } from "./frames.ts";
import { helloFrame } from "./frames.ts";
import { parseClientFrame, parseServerFrame } from "./parse.ts";
import { dataSchema } from "./schemas.ts";
import type { Batch } from "./types.ts";

const record = (seq: number, data = `m${seq}`, time = 1_767_225_600_000 + seq * 7): StampedFields & { cid: string } => ({
  seq,
  from: 1 + (seq % 3),
  cid: `secret-${seq}`,
  n: seq,
  data,
  time,
});
const records = (first: number, count: number, make = record) => Array.from({ length: count }, (_, i) => make(first + i));

/** Every batch frame built from `list`, checked by the worker's parser, back as records. */
function roundTrip(list: readonly StampedFields[]): { frames: string[]; back: StampedFields[] } {
  const frames: string[] = [];
  const back: StampedFields[] = [];
  for (let at = 0; at < list.length; ) {
    const { frame, count } = buildBatch(list, at);
    frames.push(frame);
    const parsed = parseServerFrame(frame);
    if (!parsed.ok || parsed.message.type !== "batch") throw new Error(`not a valid batch: ${JSON.stringify(parsed)}`);
    const batch = parsed.message;
    const times = batchTimes(batch);
    for (let i = 0; i < batch.from.length; i++) {
      back.push({ seq: batch.first + i, from: batch.from[i], n: batch.n[i], data: batch.data[i], time: times[i] } as StampedFields);
    }
    at += count;
  }
  return { frames, back };
}

const wire = ({ seq, from, n, data, time }: StampedFields) => ({ seq, from, n, data, time });

describe("buildBatch", () => {
  it("carries each record's wire fields exactly, and never the log's cid", () => {
    const list = records(41, 300);
    const { frames, back } = roundTrip(list);
    expect(frames).toHaveLength(1);
    expect(frames[0]).not.toContain("secret");
    expect(back).toEqual(list.map(wire));
  });

  it("puts stamp times as differences, the first in full", () => {
    const { frame } = buildBatch([record(1, "a", 1000), record(2, "b", 1003), record(3, "c", 1003)], 0);
    expect(JSON.parse(frame)).toEqual({
      type: "batch",
      first: 1,
      from: [2, 3, 1],
      n: [1, 2, 3],
      data: ["a", "b", "c"],
      time: [1000, 3, 0],
    });
  });

  it("holds at most MAX_BATCH_RECORDS records a frame", () => {
    const list = records(1, MAX_BATCH_RECORDS * 2 + 5);
    const { frames, back } = roundTrip(list);
    expect(frames.map((f) => (JSON.parse(f) as Batch).from.length)).toEqual([MAX_BATCH_RECORDS, MAX_BATCH_RECORDS, 5]);
    expect(back).toEqual(list.map(wire));
  });

  it("keeps a frame within MAX_BATCH_FRAME_LENGTH even when every character of the longest data is escaped", () => {
    const list = records(1, 1200, (seq) => record(seq, '"\\'.repeat(MAX_DATA_LENGTH / 2)));
    const { frames, back } = roundTrip(list);
    expect(frames.length).toBeGreaterThan(1);
    for (const frame of frames) expect(frame.length).toBeLessThanOrEqual(MAX_BATCH_FRAME_LENGTH);
    expect(back).toEqual(list.map(wire));
  });

  it("ends a batch where the seqs break, so a batch is always a run of consecutive seqs", () => {
    const list = [...records(1, 3), ...records(10, 2)];
    const { frames, back } = roundTrip(list);
    expect(frames.map((f) => (JSON.parse(f) as Batch).first)).toEqual([1, 10]);
    expect(back).toEqual(list.map(wire));
  });

  it("ends a batch before a stamp time whose difference would not add back up exactly", () => {
    // 912.18… + (0.00057… − 912.18…) is not 0.00057…: that record starts the next batch, its time in full.
    const list = [record(1, "a", 912.1812109682685), record(2, "b", 0.0005732642278205293), record(3, "c", 5)];
    const { frames, back } = roundTrip(list);
    expect(frames.length).toBeGreaterThan(1);
    expect(back).toEqual(list.map(wire));
  });

  it("round-trips any records exactly, whatever their text and times", () => {
    const arbitrary = fc.array(
      fc.record({
        from: fc.integer({ min: 1, max: 5000 }),
        n: fc.integer({ min: 1 }),
        data: fc.string({ unit: "grapheme", minLength: 1, maxLength: 50 }),
        // JSON has no -0, in any frame.
        time: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }).filter((t) => !Object.is(t, -0)),
      }),
      { minLength: 1, maxLength: 50 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 40 }), arbitrary, (first, fields) => {
        const list = fields.filter((f) => dataSchema.safeParse(f.data).success).map((f, i) => ({ ...f, seq: first + i }));
        if (list.length === 0) return;
        expect(roundTrip(list).back).toEqual(list);
      }),
    );
  });
});

const valid = (): Record<string, unknown> => ({ type: "batch", first: 5, from: [1, 2], n: [1, 1], data: ["a", "b"], time: [1000, 1] });
const refusal = (value: Record<string, unknown>) => parseServerFrame(JSON.stringify(value));

describe("parseServerFrame on a batch", () => {
  it("accepts a well-formed batch as it came, and ignores fields it does not know", () => {
    expect(refusal({ ...valid(), later: true })).toEqual({ ok: true, message: valid() });
  });

  it.each([
    ["first is no seq", { first: 0 }, /first: must be a seq/],
    ["a field is not an array", { data: "ab" }, /must be arrays/],
    ["the arrays differ in length", { n: [1] }, /as long as each other \(2, 1, 2, 2\)/],
    ["it is empty", { from: [], n: [], data: [], time: [] }, /1 to 4096 records, not 0/],
    ["a worker id is not a whole number", { from: [1, 2.5] }, /from\.1: must be a worker id/],
    ["a send number is 0", { n: [0, 1] }, /n\.0: must be a send number/],
    ["a time is not a number", { time: [1, "2"] }, /time\.1: must be a number/],
    ["a text holds a newline", { data: ["a", "b\nc"] }, /data\.1: data must not contain control characters/],
    ["a text is empty", { data: ["", "b"] }, /data\.0: data must not be empty/],
    ["a text is a lone surrogate", { data: ["a", "\ud800"] }, /data\.1: data must be well-formed Unicode/],
    ["a text is too long", { data: ["a", "x".repeat(MAX_DATA_LENGTH + 1)] }, /data\.1: data must be at most 1000/],
    ["the last seq passes 2^53 - 1", { first: Number.MAX_SAFE_INTEGER }, /last seq would pass/],
  ])("refuses a batch whole when %s, naming the field", (_, change, message) => {
    const parsed = refusal({ ...valid(), ...change });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.code).toBe(ErrorCode.BadMessage);
    expect(parsed.message).toMatch(/^invalid "batch" message: /);
    expect(parsed.message).toMatch(message);
  });

  it("refuses more than MAX_BATCH_RECORDS records", () => {
    const count = MAX_BATCH_RECORDS + 1;
    const parsed = refusal({
      type: "batch",
      first: 1,
      from: Array(count).fill(1),
      n: Array(count).fill(1),
      data: Array(count).fill("x"),
      time: Array(count).fill(0),
    });
    expect(parsed).toMatchObject({ ok: false, code: ErrorCode.BadMessage, message: expect.stringMatching(/1 to 4096 records, not 4097/) });
  });

  it("takes a batch longer than any other frame, up to MAX_BATCH_FRAME_LENGTH, and no longer", () => {
    const fill = (length: number) => {
      const text = "x".repeat(MAX_DATA_LENGTH);
      // Each record: the quoted text and a comma, and "1," in each of the three other arrays.
      const count = Math.floor(length / (MAX_DATA_LENGTH + 9));
      return JSON.stringify({
        type: "batch",
        first: 1,
        from: Array(count).fill(1),
        n: Array(count).fill(1),
        data: Array(count).fill(text),
        time: Array(count).fill(0),
      });
    };
    expect(parseServerFrame(fill(MAX_BATCH_FRAME_LENGTH - 100)).ok).toBe(true);
    expect(parseServerFrame(fill(MAX_BATCH_FRAME_LENGTH + 10_000))).toMatchObject({ ok: false, code: ErrorCode.TooLarge });
    // Any other message keeps the usual limit.
    const board = JSON.stringify({ type: "error", code: "X", message: "y".repeat(MAX_FRAME_LENGTH) });
    expect(parseServerFrame(board)).toMatchObject({ ok: false, code: ErrorCode.TooLarge });
    // Nor does one that starts like a batch and then says it is something else (the later key wins in JSON.parse).
    const crafted = `{"type":"batch","type":"error","code":"X","message":"${"y".repeat(MAX_FRAME_LENGTH)}"}`;
    expect(parseServerFrame(crafted)).toMatchObject({
      ok: false,
      code: ErrorCode.TooLarge,
      message: expect.stringContaining(`limit is ${MAX_FRAME_LENGTH}`),
    });
  });

  it("checks every text as the send schema does (the fast test never accepts what dataSchema refuses)", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary", maxLength: 30 }),
          fc.string({ unit: fc.constantFrom("a", "\n", "\u0085", "\ud800", "\udc00", "\u2028", "😀"), maxLength: 8 }),
        ),
        (text) => {
          const parsed = refusal({ type: "batch", first: 1, from: [1], n: [1], data: [text], time: [0] });
          expect(parsed.ok).toBe(dataSchema.safeParse(text).success);
        },
      ),
    );
  });
});

describe("hello.accepts", () => {
  it("goes on the wire when given, and the sequencer's parser takes it", () => {
    const frame = helloFrame({ cid: "w-1", after: 0, accepts: [BATCH_CAPABILITY] });
    expect(JSON.parse(frame)).toEqual({ type: "hello", version: 1, cid: "w-1", after: 0, accepts: ["batch"] });
    expect(parseClientFrame(frame)).toMatchObject({ ok: true, message: { accepts: ["batch"] } });
  });

  it("is refused when it is not a short list of short names", () => {
    for (const accepts of ["batch", Array(17).fill("batch"), ["x".repeat(33)], [1]]) {
      expect(parseClientFrame(JSON.stringify({ type: "hello", version: 1, accepts }))).toMatchObject({
        ok: false,
        code: ErrorCode.BadMessage,
      });
    }
  });
});
