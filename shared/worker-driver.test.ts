import { describe, expect, it } from "vitest";
import { buildBatch, CloseCode } from "./protocol.ts";
import { seededRandom } from "./random.ts";
import { testWelcome } from "./testing/welcome.ts";
import { type DriverHandlers, type Observation, WorkerDriver } from "./worker-driver.ts";

function harness() {
  const sockets: { handlers: DriverHandlers; closed: [number, string][]; sent: string[] }[] = [];
  const statuses: string[] = [];
  const timers: { run: () => void }[] = [];
  const driver = new WorkerDriver({
    cid: "w-1",
    renewCid: () => "w-2",
    now: () => 0,
    random: seededRandom(1),
    after: (_ms, run) => {
      const timer = { run };
      timers.push(timer);
      return () => timers.splice(timers.indexOf(timer), 1);
    },
    connect: (handlers) => {
      const socket = { handlers, closed: [] as [number, string][], sent: [] as string[] };
      sockets.push(socket);
      return { send: (text) => socket.sent.push(text), close: (code, reason) => socket.closed.push([code, reason]) };
    },
    observe: (o) => {
      if (o.kind === "status") statuses.push(`${o.status} ${o.detail}`.trim());
    },
  });
  return { driver, sockets, statuses };
}

describe("WorkerDriver.drop", () => {
  it("asks the socket to drop (4900) and takes the connection as lost at once, without waiting for the socket", () => {
    const { driver, sockets, statuses } = harness();
    driver.start();
    sockets[0]?.handlers.open();
    expect(JSON.parse(sockets[0]?.sent[0] ?? "")).toEqual({ type: "hello", version: 1, cid: "w-1", after: 0, accepts: ["batch"] });
    driver.drop();
    expect(sockets[0]?.closed).toEqual([[CloseCode.Dropped, "dropped on purpose"]]);
    expect(statuses.at(-1)).toMatch(/^reconnecting dropped on purpose; retrying in/);
    // The dropped socket's own report of its end, whenever it comes, changes nothing.
    const before = statuses.length;
    sockets[0]?.handlers.close(CloseCode.Abnormal, "");
    expect(statuses.length).toBe(before);
  });
});

describe("WorkerDriver's round trip", () => {
  const settings = (delay: number, paused = false) =>
    JSON.stringify({ type: "settings", network: { delay, jitter: 0, loss: 0, dup: 0 }, mode: "total", auto: 0, slowdown: 1, paused });

  function joined() {
    let time = 0;
    let handlers: DriverHandlers | null = null;
    const driver = new WorkerDriver({
      cid: "w-1",
      renewCid: () => "w-2",
      now: () => time,
      random: seededRandom(1),
      after: () => () => {},
      connect: (h) => {
        handlers = h;
        return { send: () => {}, close: () => {} };
      },
      observe: () => {},
    });
    driver.start();
    const server = handlers as unknown as DriverHandlers;
    server.open();
    server.message(JSON.stringify(testWelcome({ cid: "w-1", epoch: "e" })));
    return { driver, server, at: (t: number) => (time = t) };
  }

  it("measures afresh when the network settings change", () => {
    const { driver, server, at } = joined();
    driver.send("a");
    at(700);
    server.message('{"type":"ack","n":1}');
    expect(driver.core.roundTrip.smoothed).toBe(700);
    server.message(settings(0));
    expect(driver.core.roundTrip.smoothed).toBe(700);
    server.message(settings(300));
    expect(driver.core.roundTrip.smoothed).toBeNull();
  });

  it("takes no sample from a send that a pause held", () => {
    const { driver, server, at } = joined();
    server.message(settings(0, true));
    driver.send("a");
    server.message(settings(0, false));
    at(5000);
    server.message('{"type":"ack","n":1}');
    expect(driver.core.roundTrip.smoothed).toBeNull();
  });
});

describe("WorkerDriver and catch-up batches", () => {
  function joined(batches?: boolean) {
    let handlers: DriverHandlers | null = null;
    const sent: string[] = [];
    const observed: Observation[] = [];
    const driver = new WorkerDriver({
      cid: "w-1",
      renewCid: () => "w-2",
      now: () => 0,
      random: seededRandom(1),
      after: () => () => {},
      connect: (h) => {
        handlers = h;
        return { send: (text) => sent.push(text), close: () => {} };
      },
      observe: (o) => observed.push(o),
      ...(batches === undefined ? {} : { batches }),
    });
    driver.start();
    const server = handlers as unknown as DriverHandlers;
    server.open();
    const welcome = { type: "welcome", version: 1, workerId: 1, cid: "w-1", epoch: "e", historyThrough: 3, lastN: 0, serverTime: 0 };
    server.message(JSON.stringify({ ...welcome, network: { delay: 0, jitter: 0, loss: 0, dup: 0 }, mode: "total", auto: 0 }));
    return { driver, server, sent, observed };
  }

  it("says in its hello that it accepts batches, unless told to take one frame per record", () => {
    expect(JSON.parse(joined().sent[0] ?? "")).toMatchObject({ accepts: ["batch"] });
    expect(JSON.parse(joined(false).sent[0] ?? "")).not.toHaveProperty("accepts");
  });

  it("delivers a batch, reporting its events in one observation", () => {
    const { driver, server, observed } = joined();
    server.message(
      buildBatch(
        [1, 2, 3].map((seq) => ({ seq, from: 2, n: seq, data: `m${seq}`, time: seq })),
        0,
      ).frame,
    );
    expect(driver.core.delivered.map((m) => m.data)).toEqual(["m1", "m2", "m3"]);
    const last = observed.at(-1);
    expect(last?.kind === "events" && last.events.map((e) => e.kind)).toEqual(["delivered", "delivered", "delivered"]);
  });

  it("refuses a malformed batch whole, with a clear error, and applies none of it", () => {
    const { driver, server, observed } = joined();
    // Record 2's text holds a newline: records 1 and 3 are fine, and still none is taken.
    server.message(JSON.stringify({ type: "batch", first: 1, from: [2, 2, 2], n: [1, 2, 3], data: ["a", "b\nc", "d"], time: [1, 1, 1] }));
    expect(driver.core.delivered).toEqual([]);
    expect(driver.core.events.map((e) => e.kind)).toEqual(["joined"]);
    expect(observed.at(-1)).toEqual({
      kind: "error",
      code: "BAD_MESSAGE",
      message: 'bad frame from the server: invalid "batch" message: data.1: data must not contain control characters such as newlines',
    });
  });
});
