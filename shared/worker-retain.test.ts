import { describe, expect, it } from "vitest";
import { buildBatch, parseServerFrame, type Stamped } from "./protocol.ts";
import { seededRandom } from "./random.ts";
import { testWelcome } from "./testing/welcome.ts";
import { WorkerCore, type WorkerEvent } from "./worker-core.ts";
import { type DriverHandlers, type Observation, WorkerDriver } from "./worker-driver.ts";

const welcome = testWelcome({ workerId: 2, historyThrough: 6 });
const stamped = (seq: number, from = 9): Stamped => ({ type: "stamped", seq, from, n: seq, data: `m${seq}`, time: seq });
const batch = (first: number, last: number) => {
  const records = Array.from({ length: last - first + 1 }, (_, i) => ({
    seq: first + i,
    from: 9,
    n: first + i,
    data: `m${first + i}`,
    time: i,
  }));
  const parsed = parseServerFrame(buildBatch(records, 0).frame);
  if (!parsed.ok || parsed.message.type !== "batch") throw new Error("not a batch");
  return parsed.message;
};

/** One run of a core: the core, and every event it returned or added to a list, in order. */
function drive(retain?: boolean): { worker: WorkerCore; events: WorkerEvent[] } {
  let clock = 1000;
  const worker = new WorkerCore(() => (clock += 100), retain === undefined ? {} : { retain });
  const events: WorkerEvent[] = [worker.join(welcome)];
  worker.send("mine", events);
  events.push(...worker.receive(stamped(9)), ...worker.receiveBatch(batch(1, 4)), ...worker.receive(stamped(2)));
  worker.nacksDue(0, events);
  worker.resendsDue(0, events);
  events.push(...worker.receiveBatch(batch(5, 8)), ...worker.receive({ ...stamped(10, 2), n: 1, data: "mine" }));
  return { worker, events };
}

describe("WorkerCore's retention", () => {
  it("retains every event and delivery by default: the log is what its methods returned and added, in order", () => {
    const { worker, events } = drive();
    expect(worker.events).toEqual(events);
    expect(events.map((e) => e.kind)).toEqual(
      ["joined", "sent", "queued", "delivered", "delivered", "delivered", "delivered", "duplicate", "nack", "resent"].concat([
        "delivered",
        "delivered",
        "delivered",
        "delivered",
        "delivered",
        "delivered",
      ]),
    );
    expect(worker.delivered.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it("with retain false keeps neither, and says so rather than answer with an empty list; what it returns is the same", () => {
    const { worker, events } = drive(false);
    expect(events).toEqual(drive(true).events);
    expect(() => worker.events).toThrow("this worker core retains no events (it was made with retain: false)");
    expect(() => worker.delivered).toThrow(/retains no delivered messages/);
    expect(() => worker.orderDigest).toThrow(/retains no delivered messages to digest/);
    expect(() => worker.seedLog()).toThrow(/retains no events to log/);
    // What the worker needs to go on is kept either way.
    expect([worker.lastDelivered, worker.ownPending, worker.missing(), worker.held()]).toEqual([10, 0, [], []]);
  });
});

describe("WorkerDriver's retention", () => {
  function joined(retain: boolean) {
    let time = 0;
    let handlers: DriverHandlers | null = null;
    const timers: (() => void)[] = [];
    const observed: WorkerEvent[][] = [];
    const driver = new WorkerDriver({
      ...{ cid: "w-1", renewCid: () => "w-2", now: () => time, random: seededRandom(1), retain },
      after: (_ms, run) => {
        timers.push(run);
        return () => {};
      },
      connect: (h) => {
        handlers = h;
        return { send: () => {}, close: () => {} };
      },
      observe: (o: Observation) => {
        if (o.kind === "events") observed.push([...o.events]);
      },
    });
    driver.start();
    const server = handlers as unknown as DriverHandlers;
    server.open();
    server.message(JSON.stringify({ ...welcome, historyThrough: 0 }));
    const tick = (ms: number) => {
      time += ms;
      for (const run of timers.splice(0)) run();
    };
    return { driver, server, observed, tick };
  }

  it("observes the same events whether its core retains them or not: sends, arrivals, and a tick's resends and NACKs", () => {
    const runs = [true, false].map((retain) => {
      const { driver, server, observed, tick } = joined(retain);
      driver.send("mine");
      server.message(JSON.stringify(stamped(3)));
      tick(2000);
      return { driver, observed };
    });
    const [kept, streamed] = runs.map((r) => r.observed.map((events) => events.map((e) => e.kind)));
    expect(kept).toEqual([["joined"], ["sent"], ["queued"], ["resent", "nack"]]);
    expect(streamed).toEqual(kept);
    expect(runs[0]?.driver.core.events).toEqual(runs[0]?.observed.flat());
    expect(() => runs[1]?.driver.core.events).toThrow(/retains no events/);
  });
});
