import { describe, expect, it } from "vitest";
import { ErrorCode } from "./codes.ts";
import { ackFrame, clientFrame, errorFrame, headFrame, helloFrame, serverFrame, stampedFrame, watchFrame } from "./frames.ts";
import { parseClientFrame, parseServerFrame } from "./parse.ts";

describe("stampedFrame", () => {
  it("puts only the wire fields on the wire, never the log record's cid", () => {
    const record = { seq: 7, from: 2, cid: "secret-cid", n: 3, data: "hello", time: 1_767_225_600_000 };
    const frame = stampedFrame(record);
    expect(frame).not.toContain("secret-cid");
    expect(JSON.parse(frame)).toEqual({ type: "stamped", seq: 7, from: 2, n: 3, data: "hello", time: 1_767_225_600_000 });
    expect(parseServerFrame(frame).ok).toBe(true);
  });
});

describe("errorFrame", () => {
  it("leaves ref off unless it answers a send", () => {
    expect(JSON.parse(errorFrame(ErrorCode.BadRange, "past the end"))).toEqual({
      type: "error",
      code: "BAD_RANGE",
      message: "past the end",
    });
    expect(JSON.parse(errorFrame(ErrorCode.RateLimited, "slow down", 4))).toEqual({
      type: "error",
      code: "RATE_LIMITED",
      message: "slow down",
      ref: 4,
    });
  });
});

describe("helloFrame", () => {
  it("leaves absent fields off the wire", () => {
    expect(JSON.parse(helloFrame({ cid: "w-1", after: 0 }))).toEqual({ type: "hello", version: 1, cid: "w-1", after: 0 });
    expect(JSON.parse(helloFrame({ cid: "w-1", after: 5, epoch: "e1" }))).toEqual({
      type: "hello",
      version: 1,
      cid: "w-1",
      after: 5,
      epoch: "e1",
    });
  });
});

describe("every builder", () => {
  it("makes frames the other side's parser accepts", () => {
    const server = [
      ackFrame(3),
      headFrame(0),
      errorFrame(ErrorCode.TooLarge, "too large"),
      serverFrame({
        type: "settings",
        network: { delay: 1, jitter: 2, loss: 0, dup: 0 },
        mode: "total",
        auto: 0,
        slowdown: 1,
        paused: false,
      }),
    ];
    for (const frame of server) expect(parseServerFrame(frame)).toMatchObject({ ok: true });
    const client = [
      helloFrame({}),
      watchFrame(),
      clientFrame({ type: "send", n: 1, data: "x" }),
      clientFrame({ type: "nack", from: 1, to: 2 }),
      clientFrame({ type: "control", key: "k", action: "slow", factor: 2 }),
    ];
    for (const frame of client) expect(parseClientFrame(frame)).toMatchObject({ ok: true });
  });
});
