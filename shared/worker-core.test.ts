import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { orderDigest } from "./digest.ts";
import type { Stamped, Welcome } from "./protocol.ts";
import { deliveredOf, formatSeedLog, parseSeedLog } from "./seed-format.ts";
import { WorkerCore } from "./worker-core.ts";

const welcome = (workerId: number, historyThrough = 0, lastN = 0): Welcome => ({
  type: "welcome",
  version: 1,
  workerId,
  cid: "c",
  epoch: "e1",
  historyThrough,
  lastN,
  serverTime: 0,
  network: { delay: 0, jitter: 0, loss: 0, dup: 0 },
  mode: "total",
  auto: 0,
  slowdown: 1,
  paused: false,
});
const stamped = (seq: number, data: string, from = 9, n = seq): Stamped => ({ type: "stamped", seq, from, n, data, time: 100 + seq });

function core() {
  let clock = 1000;
  const worker = new WorkerCore(() => clock++);
  worker.join(welcome(2));
  return worker;
}

describe("WorkerCore", () => {
  it("numbers its sends from 1 and logs them", () => {
    const worker = core();
    expect(worker.send("a")).toEqual({ type: "send", n: 1, data: "a" });
    expect(worker.send("b")).toEqual({ type: "send", n: 2, data: "b" });
    expect(worker.events.map((e) => e.kind)).toEqual(["joined", "sent", "sent"]);
  });

  it("reports a queued event, then delivered events for the message and its held successor", () => {
    const worker = core();
    const queued = worker.receive(stamped(2, "two"));
    expect(queued).toMatchObject([{ kind: "queued", waitingFor: 1, message: { seq: 2 } }]);
    const delivered = worker.receive(stamped(1, "one"));
    expect(delivered.map((e) => (e.kind === "delivered" ? e.message.seq : -1))).toEqual([1, 2]);
    expect(worker.delivered.map((m) => m.data)).toEqual(["one", "two"]);
  });

  it("records a duplicate and delivers nothing twice", () => {
    const worker = core();
    worker.receive(stamped(1, "one"));
    expect(worker.receive(stamped(1, "one"))).toMatchObject([{ kind: "duplicate" }]);
    expect(worker.delivered).toHaveLength(1);
  });

  it("counts its own sends as pending until they are delivered back", () => {
    const worker = core();
    worker.send("mine");
    expect(worker.ownPending).toBe(1);
    worker.receive(stamped(1, "someone else's"));
    expect(worker.ownPending).toBe(1);
    worker.receive(stamped(2, "mine", 2, 1));
    expect(worker.ownPending).toBe(0);
  });

  it("still recognises its sends from before a reconnect gave it a new id, and logs each id", () => {
    const worker = core();
    worker.send("mine");
    worker.join(welcome(5));
    worker.receive(stamped(1, "mine", 2, 1));
    expect(worker.ownPending).toBe(0);
    expect(worker.seedLog()).toBe("Process ID = 2\nSent msg mine to server\nProcess ID = 5\n--> Delivered seq=1 dat=mine\n");
  });

  it("writes the seed's log format", () => {
    const worker = core();
    worker.send("346997813");
    worker.receive(stamped(2, "364458395"));
    worker.receive(stamped(1, "346997813", 2, 1));
    worker.receive(stamped(1, "346997813", 2, 1));
    expect(worker.seedLog()).toBe(
      [
        "Process ID = 2",
        "Sent msg 346997813 to server",
        "<-- Queued seq=2 dat=364458395",
        "--> Delivered seq=1 dat=346997813",
        "--> Delivered seq=2 dat=364458395",
        "",
      ].join("\n"),
    );
  });

  it("keeps an order digest equal to sha256sum of its Delivered lines", () => {
    const worker = core();
    worker.receive(stamped(2, "b"));
    worker.receive(stamped(1, "a"));
    const expected = createHash("sha256")
      .update(formatSeedLog(deliveredOf(parseSeedLog(worker.seedLog()))))
      .digest("hex")
      .slice(0, 12);
    expect(worker.orderDigest).toBe(expected);
    expect(orderDigest(worker.delivered)).toBe(expected);
  });

  it("gives a different digest for a different order", () => {
    const a = orderDigest([
      { seq: 1, data: "x" },
      { seq: 2, data: "y" },
    ]);
    const b = orderDigest([
      { seq: 1, data: "y" },
      { seq: 2, data: "x" },
    ]);
    expect(a).not.toBe(b);
  });
});
