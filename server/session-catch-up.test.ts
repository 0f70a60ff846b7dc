import { describe, expect, it } from "vitest";
import { BATCH_CAPABILITY, type Batch, MAX_BATCH_RECORDS, parseServerFrame, type ServerMessage } from "../shared/protocol.ts";
import { CATCH_UP_HIGH_WATER } from "./room/catch-up.ts";
import { Session } from "./session.ts";
import { testRoom } from "./testing/room.ts";
import { InMemoryWorker } from "./testing/worker.ts";

/** A room with `count` messages stamped, and a way to make workers. */
function roomWith(count: number, text = (i: number) => `m${i}`) {
  const { clock, room } = testRoom();
  let made = 0;
  const worker = () => new InMemoryWorker(room, clock.now, `w${++made}`);
  const writer = worker();
  writer.hello();
  for (let i = 1; i <= count; i++) writer.send(text(i));
  clock.run();
  expect(room.lastSeq).toBe(count);
  return { clock, room, writer, worker };
}

const batches = (received: readonly ServerMessage[]) => received.filter((m): m is Batch => m.type === "batch");

describe("catch-up, by what the worker's hello accepts", () => {
  it("sends a worker that accepts batches its history as batches of consecutive seqs, nothing as stamped", () => {
    const count = MAX_BATCH_RECORDS + 100;
    const { clock, worker, writer } = roomWith(count);
    const late = worker();
    late.hello(0, undefined, [BATCH_CAPABILITY]);
    clock.run();
    expect(late.stampedSeqs()).toEqual([]);
    const sent = batches(late.received);
    expect(sent.map((b) => [b.first, b.from.length])).toEqual([
      [1, MAX_BATCH_RECORDS],
      [MAX_BATCH_RECORDS + 1, 100],
    ]);
    expect(late.core.delivered).toEqual(writer.core.delivered);
  });

  it("keeps sending a worker that does not say so one stamped frame per record, as version 1 always did", () => {
    const { clock, worker, writer } = roomWith(600);
    const old = worker();
    old.hello();
    clock.run();
    expect(batches(old.received)).toEqual([]);
    expect(old.stampedSeqs()).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
    expect(old.core.delivered).toEqual(writer.core.delivered);
  });

  it("ignores names it does not know in accepts", () => {
    const { clock, worker } = roomWith(3);
    const w = worker();
    w.hello(0, undefined, ["something-newer"]);
    clock.run();
    expect(w.stampedSeqs()).toEqual([1, 2, 3]);
  });

  it("resumes a batched catch-up after the seq the worker has, in the same epoch", () => {
    const { clock, room, worker } = roomWith(10);
    const back = worker();
    back.hello(7, room.epoch, [BATCH_CAPABILITY]);
    clock.run();
    expect(batches(back.received).map((b) => [b.first, b.data])).toEqual([[8, ["m8", "m9", "m10"]]]);
  });

  it("delivers the same sequence to a batched late joiner while live messages overtake its catch-up", () => {
    const { clock, worker, writer } = roomWith(2 * MAX_BATCH_RECORDS);
    const late = worker();
    late.hello(0, undefined, [BATCH_CAPABILITY]);
    // Live sends land between the catch-up's runs.
    for (let i = 0; i < 20; i++) writer.send(`live${i}`);
    clock.run();
    expect(late.core.delivered.length).toBe(2 * MAX_BATCH_RECORDS + 20);
    expect(late.core.delivered).toEqual(writer.core.delivered);
  });

  it("sends no more while the worker's socket holds CATCH_UP_HIGH_WATER bytes, and goes on once it drains", () => {
    // About 2.5 MB of history: more than the high water.
    const { clock, room } = roomWith(3 * MAX_BATCH_RECORDS, (i) => `${"x".repeat(200)}${i}`);
    let buffered = 0;
    const frames: string[] = [];
    const session = new Session(
      room,
      {
        send: (frame) => {
          frames.push(frame);
          buffered += frame.length;
        },
        close: () => {},
        bufferedAmount: () => buffered,
      },
      null,
    );
    session.text(JSON.stringify({ type: "hello", version: 1, cid: "slow", accepts: [BATCH_CAPABILITY] }));
    clock.runUntil(() => false, clock.now() + 50);
    const seqsSent = () =>
      frames.map((f) => parseServerFrame(f)).reduce((sum, p) => sum + (p.ok && p.message.type === "batch" ? p.message.from.length : 0), 0);
    // The socket never drains: sending stops once the high water is passed.
    expect(buffered).toBeGreaterThanOrEqual(CATCH_UP_HIGH_WATER);
    expect(buffered).toBeLessThan(CATCH_UP_HIGH_WATER + 2 ** 20);
    const stalled = seqsSent();
    expect(stalled).toBeLessThan(3 * MAX_BATCH_RECORDS);
    clock.runUntil(() => false, clock.now() + 50);
    expect(seqsSent()).toBe(stalled);
    buffered = 0;
    clock.run();
    expect(seqsSent()).toBe(3 * MAX_BATCH_RECORDS);
  });
});
