import { describe, expect, it } from "vitest";
import { parseWorkerOptions, UsageError } from "./options.ts";

describe("parseWorkerOptions", () => {
  it("has defaults: the local server, forever, one message a second", () => {
    expect(parseWorkerOptions([])).toMatchObject({
      url: "ws://localhost:8080/ws",
      count: Number.POSITIVE_INFINITY,
      interval: 1000,
      idleExit: null,
      cid: null,
      perRecord: false,
    });
  });

  it("reads every flag", () => {
    const argv = [
      "--url",
      "ws://h:1/ws",
      "--count",
      "5",
      "--interval",
      "10",
      "--idle-exit",
      "200",
      "--cid",
      "laptop_7",
      "--history",
      "h.jsonl",
      "--per-record",
    ];
    expect(parseWorkerOptions(argv)).toMatchObject({
      url: "ws://h:1/ws",
      count: 5,
      interval: 10,
      idleExit: 200,
      cid: "laptop_7",
      history: "h.jsonl",
      perRecord: true,
    });
  });

  it.each([
    [["--idle-exit", "100"], /--idle-exit needs --count/],
    [["--count", "-5"], /--count must not be negative/],
    [["--url", "http://h/ws"], /must start with ws:\/\//],
    [["--cid", "has space"], /--cid must be 1 to 64/],
    [["--interval", "0"], /--interval must be a whole number from 1/],
  ])("refuses %j clearly", (argv, message) => {
    expect(() => parseWorkerOptions(argv)).toThrow(UsageError);
    expect(() => parseWorkerOptions(argv)).toThrow(message);
  });
});
