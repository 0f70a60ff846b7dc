import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildBatch } from "../shared/protocol.ts";
import { seededRandom } from "../shared/random.ts";
import { type DriverHandlers, WorkerDriver } from "../shared/worker-driver.ts";
import { printed } from "./print.ts";

const HISTORY = 6000;
const records = Array.from({ length: HISTORY }, (_, i) => ({
  seq: i + 1,
  from: 1 + (i % 3),
  n: i + 1,
  data: String(100_000_000 + i),
  time: i,
}));

/** A CLI worker's catch-up, as the CLI prints it: stdout and the --history file, with its core retaining or not. */
function catchUp(retain: boolean) {
  let handlers: DriverHandlers | null = null;
  let stdout = "";
  let history = "";
  const driver = new WorkerDriver({
    ...{ cid: "cli-1", renewCid: () => "cli-2", now: () => 7, random: seededRandom(1), after: () => () => {}, retain },
    connect: (h) => {
      handlers = h;
      return { send: () => {}, close: () => {} };
    },
    observe: (o) => {
      if (o.kind !== "events") return;
      const out = printed(o.events, { cid: driver.identity, workerId: o.core.workerId });
      stdout += out.lines;
      history += out.records;
    },
  });
  driver.start();
  const server = handlers as unknown as DriverHandlers;
  server.open();
  const welcome = { type: "welcome", version: 1, workerId: 4, cid: "cli-1", epoch: "e", historyThrough: HISTORY, lastN: 0, serverTime: 0 };
  server.message(JSON.stringify({ ...welcome, network: { delay: 0, jitter: 0, loss: 0, dup: 0 }, mode: "total", auto: 0 }));
  driver.send("123456789");
  // A live message overtakes the catch-up and is held; its copy in the history later is a duplicate.
  server.message(JSON.stringify({ type: "stamped", ...records[HISTORY - 1] }));
  for (let start = 0; start < HISTORY; ) {
    const { frame, count } = buildBatch(records, start);
    server.message(frame);
    start += count;
  }
  server.message(JSON.stringify({ type: "stamped", seq: HISTORY + 1, from: 4, n: 1, data: "123456789", time: HISTORY }));
  return { driver, stdout, history };
}

describe("the CLI worker's output", () => {
  it("is the same for a catch-up whether its core retains events or not: lines, order and digest", () => {
    const kept = catchUp(true);
    const streamed = catchUp(false);
    expect(streamed.stdout).toBe(kept.stdout);
    expect(streamed.history).toBe(kept.history);
    // And it is the seed log a retaining core keeps, whose digest the Delivered lines give.
    expect(kept.stdout).toBe(kept.driver.core.seedLog());
    const delivered = kept.stdout.split("\n").filter((line) => line.startsWith("--> Delivered"));
    expect(delivered).toHaveLength(HISTORY + 1);
    expect(
      createHash("sha256")
        .update(`${delivered.join("\n")}\n`)
        .digest("hex")
        .slice(0, 12),
    ).toBe(kept.driver.core.orderDigest);
    const lines = streamed.stdout.split("\n");
    expect(lines.slice(0, 3)).toEqual([
      "Process ID = 4",
      "Sent msg 123456789 to server",
      `<-- Queued seq=${HISTORY} dat=${100_000_000 + HISTORY - 1}`,
    ]);
    expect(lines.slice(-3)).toEqual([
      `--> Delivered seq=${HISTORY} dat=${100_000_000 + HISTORY - 1}`,
      `--> Delivered seq=${HISTORY + 1} dat=123456789`,
      "",
    ]);
  });

  it("writes no history records without a history, and says whether a stamped message arrived", () => {
    const joined = { kind: "joined", workerId: 3, time: 0 } as const;
    const message = { seq: 1, from: 3, n: 1, data: "x", time: 0 };
    expect(printed([joined], null)).toEqual({ lines: "Process ID = 3\n", records: "", arrived: false });
    expect(printed([{ kind: "duplicate", message, time: 1 }], null)).toEqual({ lines: "", records: "", arrived: true });
  });
});
