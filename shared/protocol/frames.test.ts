import { describe, expect, it } from "vitest";
import { ErrorCode } from "./codes.ts";
import { MAX_FRAME_LENGTH } from "./constants.ts";
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

describe("a board's picture of a large room", () => {
  // A board of a lecture: 300 workers' summaries are far longer than any worker's frame. The board
  // once dropped every such message as too large, and stayed on "connecting…" in a room of 30.
  const lecture = (workers: number) =>
    serverFrame({
      type: "board",
      room: "default",
      now: 1,
      epoch: "e",
      lastSeq: 5000,
      network: { delay: 100, jitter: 1200, loss: 0, dup: 0 },
      mode: "total",
      workers: Array.from({ length: workers }, (_, i) => ({
        id: 1001 + i,
        connected: true,
        delivered: 4990,
        digest: "0123456789abcdef",
        held: [4995, 4997],
        name: null,
        offline: [],
        colour: 0,
        lag: 10,
      })),
      paused: false,
      slowdown: 1,
      auto: 1,
      flights: [],
      scenario: null,
      followed: null,
      agreement: { agree: true, through: 4990 },
      stamps: Array.from({ length: 500 }, (_, i): [number, number, number, number] => [4500 + i, 1e12 + i, 1001, 1e12 + i - 50]),
      rows: Array.from({ length: 3000 }, (_, i): [number, number, number, number, number | null] => [
        1001 + (i % 40),
        4000 + i,
        1e12,
        1e12 + 5,
        null,
      ]),
    });

  it("is taken whole, up to MAX_BOARD_FRAME_LENGTH", () => {
    const frame = lecture(300);
    expect(frame.length).toBeGreaterThan(10 * MAX_FRAME_LENGTH);
    expect(parseServerFrame(frame)).toMatchObject({ ok: true, message: { type: "board" } });
    expect(parseServerFrame(lecture(40_000))).toMatchObject({ ok: false, code: ErrorCode.TooLarge });
  });

  it("lends its limit to no other type, nor to anything a worker sends", () => {
    const long = "y".repeat(2 * MAX_FRAME_LENGTH);
    expect(parseServerFrame(`{"type":"board","type":"error","code":"X","message":"${long}"}`)).toMatchObject({
      ok: false,
      code: ErrorCode.TooLarge,
    });
    expect(parseClientFrame(`{"type":"board","data":"${long}"}`)).toMatchObject({ ok: false, code: ErrorCode.TooLarge });
  });
});
