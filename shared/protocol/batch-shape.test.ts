import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { batchInShape, buildBatch } from "./batch.ts";
import { ErrorCode } from "./codes.ts";
import type { StampedFields } from "./frames.ts";
import { parseServerFrame } from "./parse.ts";

const frameOf = (data: readonly string[], first = 1, time = (i: number) => 1_767_225_600_000 + i * 7): string => {
  const records: StampedFields[] = data.map((d, i) => ({ seq: first + i, from: 1 + (i % 3), n: 1 + i, data: d, time: time(i) }));
  const { frame, count } = buildBatch(records, 0);
  expect(count).toBe(records.length);
  return frame;
};

const json = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return "not JSON";
  }
};

describe("batchInShape", () => {
  it("takes a frame the sequencer built apart as JSON.parse does", () => {
    const frame = frameOf(["100000001", "100000002", "é😀", "a b", "]"]);
    expect(batchInShape(frame)).toEqual(JSON.parse(frame));
  });

  it("gives the same value as JSON.parse for any data, or leaves the frame to JSON.parse", () => {
    const data = fc.array(
      fc.oneof(fc.string({ unit: "grapheme", minLength: 1, maxLength: 12 }), fc.constantFrom('","', '"],"time":[', "\\", "a\\", '"')),
      {
        minLength: 1,
        maxLength: 20,
      },
    );
    fc.assert(
      fc.property(data, fc.integer({ min: 1, max: 2 ** 40 }), (list, first) => {
        const frame = frameOf(list, first);
        const taken = batchInShape(frame);
        if (taken !== null) expect(taken).toEqual(JSON.parse(frame));
        // Data JSON writes as it is (nothing escaped) is always taken apart by hand.
        if (list.every((d) => JSON.stringify(d) === `"${d}"`)) expect(taken).not.toBeNull();
      }),
    );
  });

  it("never reads a frame differently from JSON.parse, however it was changed", () => {
    const base = frameOf(["100000001", "x", "100000003"]);
    const edit = fc.record({ at: fc.nat({ max: base.length }), cut: fc.nat({ max: 3 }), text: fc.string({ maxLength: 12 }) });
    fc.assert(
      fc.property(edit, ({ at, cut, text }) => {
        const frame = base.slice(0, at) + text + base.slice(at + cut);
        const taken = batchInShape(frame);
        if (taken !== null) expect(taken).toEqual(json(frame));
      }),
    );
  });

  it("leaves other shapes to JSON.parse, and the parser still reads them alike", () => {
    const frame = frameOf(["a\\b", "c"]);
    expect(batchInShape(frame)).toBeNull();
    const parsed = parseServerFrame(frame);
    expect(parsed.ok && parsed.message.type === "batch" && parsed.message.data).toEqual(["a\\b", "c"]);
    for (const other of [
      frame.replace('"first":', '"first": '),
      frame.replace('"first":1', '"first":01'),
      frame.replace('"data":[', '"extra":1,"data":['),
      '{"type":"batch","first":1,"from":[1],"n":[1],"data":[],"time":[1]}',
    ]) {
      expect(batchInShape(other)).toBeNull();
    }
  });

  it("refuses through the parser what JSON.parse refuses: a raw control character in data", () => {
    const frame = frameOf(["ab"]).replace("ab", "a\u0001b");
    expect(batchInShape(frame)).toBeNull();
    expect(parseServerFrame(frame)).toMatchObject({ ok: false, code: ErrorCode.BadJson });
  });
});
