import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { asRecord, logLine, parseLogLine, readRecordLine } from "./log-lines.ts";

const line = (value: unknown) => logLine(value).slice(0, -1);
const slow = (text: string, seq: number) => asRecord(parseLogLine(text), seq);

describe("readRecordLine", () => {
  it("reads every record as JSON.parse does, whatever its text and numbers", () => {
    const record = fc.record({
      seq: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
      from: fc.integer({ min: 1, max: 1e6 }),
      cid: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), fc.string()),
      n: fc.integer({ min: 1 }),
      data: fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }),
      time: fc.oneof(fc.integer({ min: 0, max: 2 ** 45 }), fc.double({ noNaN: true, noDefaultInfinity: true })),
    });
    fc.assert(
      fc.property(record, (r) => {
        const text = line(r);
        expect(readRecordLine(text, r.seq)).toEqual(slow(text, r.seq));
      }),
    );
  });

  it("reads text with quotes, backslashes and look-alike keys", () => {
    for (const data of ['a"b', "back\\slash\\", '","time":5}', ',"data":"x', "\\u0041"]) {
      const text = line({ seq: 3, from: 2, cid: "c", n: 1, data, time: 9 });
      expect(readRecordLine(text, 3)).toEqual({ seq: 3, from: 2, cid: "c", n: 1, data, time: 9 });
    }
  });

  it("refuses a line whose CRC does not match, or that holds another seq or something else", () => {
    const text = line({ seq: 3, from: 2, cid: "c", n: 1, data: "x", time: 9 });
    expect(readRecordLine(text.replace('"x"', '"y"'), 3)).toBeNull();
    expect(readRecordLine(text, 4)).toBeNull();
    expect(readRecordLine(line({ ordercast: 1, epoch: "e" }), 1)).toBeNull();
    expect(readRecordLine(line({ seq: 3, from: "2", cid: "c", n: 1, data: "x", time: 9 }), 3)).toBeNull();
  });

  it("reads fields in another order through JSON.parse", () => {
    const text = line({ from: 2, seq: 3, n: 1, cid: "c", time: 9, data: "x" });
    expect(readRecordLine(text, 3)).toEqual({ seq: 3, from: 2, cid: "c", n: 1, data: "x", time: 9 });
  });
});
