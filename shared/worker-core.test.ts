import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { orderDigest } from "./digest.ts";
import { MAX_NACK_RANGE, type OrderingMode, type Stamped, type Welcome } from "./protocol.ts";
import { deliveredOf, formatSeedLog, parseSeedLog } from "./seed-format.ts";
import { testWelcome } from "./testing/welcome.ts";
import { WorkerCore } from "./worker-core.ts";

const welcome = (workerId: number, historyThrough = 0, lastN = 0): Welcome => testWelcome({ workerId, historyThrough, lastN });
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

describe("WorkerCore's ordering", () => {
  const joined = (mode: OrderingMode, historyThrough = 0) => {
    let clock = 1000;
    const worker = new WorkerCore(() => (clock += 100));
    worker.join({ ...welcome(2, historyThrough), mode });
    return worker;
  };

  it("takes its ordering mode from the welcome", () => {
    expect(joined("none").mode).toBe("none");
    expect(joined("total").delivery.ordering.mode).toBe("total");
  });

  it("without ordering, delivers each message as it arrives", () => {
    const worker = joined("none");
    worker.receive(stamped(3, "c"));
    worker.receive(stamped(1, "a"));
    expect(worker.delivered.map((m) => m.seq)).toEqual([3, 1]);
  });

  it("in total order, asks again for a seq missing past the timeout", () => {
    const worker = joined("total");
    worker.receive(stamped(2, "b"));
    expect(worker.nacksDue(50)).toEqual([{ type: "nack", from: 1, to: 1 }]);
  });

  it("without ordering, never asks again for a missing seq", () => {
    const worker = joined("none");
    worker.receive(stamped(2, "b"));
    expect(worker.nacksDue(50)).toEqual([]);
  });

  it("in total order, resumes after the last seq delivered", () => {
    const worker = joined("total");
    for (const seq of [1, 2, 4]) worker.receive(stamped(seq, "x"));
    expect(worker.delivery.resumeAfter).toBe(2);
  });

  it("without ordering, resumes from the start", () => {
    const worker = joined("none");
    for (const seq of [1, 2]) worker.receive(stamped(seq, "x"));
    expect(worker.delivery.resumeAfter).toBe(0);
  });

  it("without ordering, counts as missing only the seqs that never arrived", () => {
    const worker = joined("none", 4);
    for (const seq of [1, 3]) worker.receive(stamped(seq, "x"));
    expect(worker.missing()).toEqual([2, 4]);
  });

  it("counts as missing the first seqs after a given one, up to a limit", () => {
    const worker = joined("total", 9);
    worker.receive(stamped(2, "x"));
    expect(worker.missing(3)).toEqual([1, 3, 4]);
    expect(worker.missing(3, 4)).toEqual([5, 6, 7]);
  });
});

describe("WorkerCore's NACKs", () => {
  const waited = (...seqs: number[]) => {
    let clock = 0;
    const worker = new WorkerCore(() => (clock += 1000));
    worker.join(welcome(2));
    for (const seq of seqs) worker.receive(stamped(seq, "x"));
    return worker;
  };

  it("asks for each run of missing seqs between the held ones, up to the newest seen", () => {
    const worker = waited(2, 5);
    worker.head(7);
    expect(worker.nacksDue(500).map((n) => [n.from, n.to])).toEqual([
      [1, 1],
      [3, 4],
      [6, 7],
    ]);
  });

  it("asks for at most MAX_NACK_RANGE seqs at a time", () => {
    const worker = waited(2);
    worker.head(MAX_NACK_RANGE + 50);
    const nacks = worker.nacksDue(500);
    expect(nacks.map((n) => [n.from, n.to])).toEqual([
      [1, 1],
      [3, MAX_NACK_RANGE + 1],
    ]);
  });

  it("does not ask for history it is still catching up on", () => {
    let clock = 0;
    const worker = new WorkerCore(() => (clock += 1000));
    worker.join(welcome(2, 4));
    worker.receive(stamped(6, "x"));
    expect(worker.nacksDue(500).map((n) => [n.from, n.to])).toEqual([[5, 5]]);
  });
});

describe("WorkerCore's round trip", () => {
  function timed() {
    let time = 0;
    const worker = new WorkerCore(() => time);
    worker.join(welcome(2));
    return { worker, at: (t: number) => (time = t) };
  }

  it("before any ack, waits the floor", () => {
    const { worker } = timed();
    expect(worker.resendAfter(500)).toBe(500);
    expect(worker.nackAfter(250)).toBe(250);
  });

  it("measures the round trip from send to ack and waits longer when acks come late", () => {
    const { worker, at } = timed();
    worker.send("a");
    at(600);
    worker.ack({ type: "ack", n: 1 });
    expect(worker.roundTrip.smoothed).toBe(600);
    expect(worker.resendAfter(500)).toBe(600 + 4 * 300);
    // A send waiting less than that is not resent.
    worker.send("b");
    at(600 + 1000);
    expect(worker.resendsDue(worker.resendAfter(500))).toEqual([]);
  });

  it("takes its own stamped message as the answer too, and samples each send once", () => {
    const { worker, at } = timed();
    worker.send("a");
    at(400);
    worker.receive(stamped(1, "a", 2, 1));
    expect(worker.roundTrip.smoothed).toBe(400);
    at(900);
    worker.ack({ type: "ack", n: 1 });
    expect(worker.roundTrip.smoothed).toBe(400);
  });

  it("takes no sample from a resent send (Karn's rule), and backs off when a resend fires", () => {
    const { worker, at } = timed();
    worker.send("a");
    at(500);
    expect(worker.resendsDue(worker.resendAfter(500)).map((s) => s.n)).toEqual([1]);
    expect(worker.resendAfter(500)).toBe(1000);
    at(600);
    worker.ack({ type: "ack", n: 1 });
    expect(worker.roundTrip.smoothed).toBeNull();
    expect(worker.resendAfter(500)).toBe(1000);
  });

  it("takes no sample from a send outstanding when another was resent (it may wait behind it)", () => {
    const { worker, at } = timed();
    worker.send("a");
    at(400);
    worker.send("b");
    at(500);
    expect(worker.resendsDue(500).map((s) => s.n)).toEqual([1]);
    at(700);
    worker.ack({ type: "ack", n: 2 });
    expect(worker.roundTrip.smoothed).toBeNull();
  });

  it("takes no sample from what was unacknowledged during a pause", () => {
    const { worker, at } = timed();
    worker.send("a");
    worker.unmeasurable();
    at(60_000);
    worker.ack({ type: "ack", n: 1 });
    expect(worker.roundTrip.smoothed).toBeNull();
  });

  it("resends after welcome without backing off", () => {
    const { worker } = timed();
    worker.send("a");
    expect(worker.resendsDue(0).map((s) => s.n)).toEqual([1]);
    expect(worker.resendAfter(500)).toBe(500);
  });
});
