import { describe, expect, it } from "vitest";
import { checkData, ErrorCode, MAX_DATA_LENGTH, MAX_FRAME_LENGTH, parseClientFrame, parseServerFrame } from "./protocol.ts";

const codeOf = (text: string) => {
  const parsed = parseClientFrame(text);
  return parsed.ok ? "ok" : parsed.code;
};

describe("parseClientFrame", () => {
  it("accepts a hello, with or without a resume point", () => {
    expect(parseClientFrame('{"type":"hello","version":1}')).toEqual({ ok: true, message: { type: "hello", version: 1 } });
    expect(parseClientFrame('{"type":"hello","version":1,"after":7}')).toEqual({
      ok: true,
      message: { type: "hello", version: 1, after: 7 },
    });
  });

  it("accepts a send", () => {
    expect(parseClientFrame('{"type":"send","n":3,"data":"346997813"}')).toEqual({
      ok: true,
      message: { type: "send", n: 3, data: "346997813" },
    });
  });

  it.each([
    ["not JSON", "{type:", ErrorCode.BadJson],
    ["empty", "", ErrorCode.BadJson],
    ["a JSON array", "[1,2]", ErrorCode.BadMessage],
    ["a JSON string", '"send"', ErrorCode.BadMessage],
    ["null", "null", ErrorCode.BadMessage],
    ["no type", '{"n":1}', ErrorCode.BadMessage],
    ["a numeric type", '{"type":5}', ErrorCode.BadMessage],
    ["an unknown type", '{"type":"stamp"}', ErrorCode.UnknownType],
    ["a prototype key as type", '{"type":"constructor"}', ErrorCode.UnknownType],
    ["a server-only type", '{"type":"stamped","seq":1}', ErrorCode.UnknownType],
    ["a missing field", '{"type":"send","n":1}', ErrorCode.BadMessage],
    ["a wrongly typed field", '{"type":"send","n":"1","data":"x"}', ErrorCode.BadMessage],
    ["a fractional n", '{"type":"send","n":1.5,"data":"x"}', ErrorCode.BadMessage],
    ["n below 1", '{"type":"send","n":0,"data":"x"}', ErrorCode.BadMessage],
    ["empty data", '{"type":"send","n":1,"data":""}', ErrorCode.BadMessage],
    ["a newline in data", '{"type":"send","n":1,"data":"a\\nb"}', ErrorCode.BadMessage],
    ["an unknown field", '{"type":"send","n":1,"data":"x","seq":9}', ErrorCode.BadMessage],
    ["a lone surrogate in data", '{"type":"send","n":1,"data":"a\\ud800b"}', ErrorCode.BadMessage],
    ["a reversed surrogate pair in data", '{"type":"send","n":1,"data":"\\udc00\\ud800"}', ErrorCode.BadMessage],
    ["a negative resume point", '{"type":"hello","version":1,"after":-1}', ErrorCode.BadMessage],
  ])("refuses %s with its code", (_name, text, code) => {
    expect(codeOf(text)).toBe(code);
  });

  it("refuses data over the limit, and accepts it at the limit", () => {
    expect(codeOf(JSON.stringify({ type: "send", n: 1, data: "x".repeat(MAX_DATA_LENGTH) }))).toBe("ok");
    expect(codeOf(JSON.stringify({ type: "send", n: 1, data: "x".repeat(MAX_DATA_LENGTH + 1) }))).toBe(ErrorCode.BadMessage);
  });

  it("refuses an oversize frame before parsing it", () => {
    expect(codeOf(" ".repeat(MAX_FRAME_LENGTH + 1))).toBe(ErrorCode.TooLarge);
  });

  it("accepts characters outside the basic plane", () => {
    expect(codeOf(JSON.stringify({ type: "send", n: 1, data: "order 🎓 ok" }))).toBe("ok");
  });

  it("echoes n as ref only when it is a send's valid number", () => {
    const refOf = (text: string) => {
      const parsed = parseClientFrame(text);
      return parsed.ok ? "ok" : parsed.ref;
    };
    expect(refOf('{"type":"hello","version":1,"n":3}')).toBeUndefined();
    expect(refOf('{"type":"send","n":0,"data":"x"}')).toBeUndefined();
    expect(refOf('{"type":"send","n":2,"data":""}')).toBe(2);
  });

  it("names the offending field and echoes the send number", () => {
    const parsed = parseClientFrame('{"type":"send","n":4,"data":""}');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.message).toContain("data");
    expect(parsed.ref).toBe(4);
  });
});

describe("parseServerFrame", () => {
  it("accepts a stamped message and refuses one without a seq", () => {
    const stamped = { type: "stamped", seq: 1, from: 2, n: 1, data: "x", time: 5 };
    expect(parseServerFrame(JSON.stringify(stamped))).toEqual({ ok: true, message: stamped });
    const { seq: _, ...noSeq } = stamped;
    expect(parseServerFrame(JSON.stringify(noSeq)).ok).toBe(false);
  });
});

describe("reading the sequencer's messages", () => {
  it("ignores fields newer than this worker, so a newer server does not break it", () => {
    const welcome = {
      type: "welcome",
      version: 1,
      workerId: 1,
      cid: "c",
      epoch: "e",
      historyThrough: 0,
      lastN: 0,
      serverTime: 0,
      network: { delay: 0, jitter: 0, loss: 0, dup: 0, futureKnob: 1 },
      mode: "total",
      auto: 0,
      somethingNew: true,
    };
    expect(parseServerFrame(JSON.stringify(welcome))).toMatchObject({ ok: true, message: { type: "welcome", slowdown: 1, paused: false } });
  });
});

describe("checkData", () => {
  it("explains why text cannot be sent", () => {
    expect(checkData("fine text")).toBeNull();
    expect(checkData("")).toMatch(/empty/);
    expect(checkData("tab\there")).toMatch(/control/);
  });
});
