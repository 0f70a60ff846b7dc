import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import {
  ackFrame,
  BATCH_CAPABILITY,
  type Batch,
  clientFrame,
  helloFrame,
  type NetworkSettings,
  type ServerMessage,
  stampedFrame,
} from "../../shared/protocol.ts";
import { seededRandom } from "../../shared/random.ts";
import { until } from "../../shared/testing/wait.ts";
import type { LogRecord } from "../log.ts";
import { startInProcess } from "../testing/in-process.ts";
import { testRoom } from "../testing/room.ts";
import { InMemoryWorker } from "../testing/worker.ts";
import { LiveRuns } from "./live-runs.ts";

/** A network that reorders: 5 ms plus up to 40 ms of jitter each way. */
const REORDERING = { delay: 5, jitter: 40, loss: 0, dup: 0 };

const kinds = (received: readonly ServerMessage[]) => received.map((m) => m.type);

const batches = (received: readonly ServerMessage[]) => received.filter((m): m is Batch => m.type === "batch");

/** The seqs a worker was sent live, frame by frame: a stamped frame is one seq, a batch its run. */
const framesOfSeqs = (received: readonly ServerMessage[]) =>
  received.flatMap((m) =>
    m.type === "stamped" ? [[m.seq]] : m.type === "batch" ? [Array.from({ length: m.from.length }, (_, i) => m.first + i)] : [],
  );

/** A room with a writer (one stamped frame per message) and a reader that accepts batches, both joined. */
function writerAndReader(settings?: NetworkSettings) {
  const { clock, room } = testRoom(settings);
  const writer = new InMemoryWorker(room, clock.now, "writer");
  const reader = new InMemoryWorker(room, clock.now, "reader");
  writer.hello();
  reader.hello(0, undefined, [BATCH_CAPABILITY]);
  clock.run();
  return { clock, room, writer, reader };
}

describe("live messages in runs (room/live-runs.ts)", () => {
  it("sends a worker that accepts batches the messages one task stamps as one batch, and the same order as a stamped reader", () => {
    const { clock, room } = testRoom();
    const writer = new InMemoryWorker(room, clock.now, "writer");
    const batched = new InMemoryWorker(room, clock.now, "batched");
    const plain = new InMemoryWorker(room, clock.now, "plain");
    writer.hello();
    batched.hello(0, undefined, [BATCH_CAPABILITY]);
    plain.hello();
    clock.run();
    for (let i = 1; i <= 10; i++) writer.send(`m${i}`);
    clock.run();
    expect(room.lastSeq).toBe(10);
    // Ten messages, fewer frames: each of the turn's runs is one frame, and every seq comes once, in order.
    const frames = framesOfSeqs(batched.received);
    expect(frames.flat()).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(frames.length).toBeLessThan(10);
    expect(batches(batched.received).length).toBeGreaterThan(0);
    // A worker that did not say it reads batches gets one stamped frame per message, as ever.
    expect(batches(plain.received)).toEqual([]);
    expect(plain.stampedSeqs()).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(batched.core.delivered).toEqual(plain.core.delivered);
    expect(batched.core.delivered.map((m) => m.data)).toEqual(Array.from({ length: 10 }, (_, i) => `m${i + 1}`));
  });

  it("keeps the room's order of frames: a sender's ack comes after the frame that carries its message", () => {
    const { clock, room } = testRoom();
    const writer = new InMemoryWorker(room, clock.now, "writer");
    writer.hello(0, undefined, [BATCH_CAPABILITY]);
    clock.run();
    for (let i = 1; i <= 6; i++) writer.send(`m${i}`);
    clock.run();
    const seen = new Set<number>();
    for (const message of writer.received) {
      if (message.type === "batch") for (const n of message.n) seen.add(n);
      if (message.type === "stamped") seen.add(message.n);
      if (message.type === "ack") expect(seen.has(message.n), `ack ${message.n} after its message`).toBe(true);
    }
    expect(writer.received.filter((m) => m.type === "ack").length).toBeGreaterThan(0);
  });

  it("on a network that reorders, sends as batches only runs of consecutive seqs: every worker delivers one order, over 20 seeds", () => {
    let batchesSent = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const { clock, room } = testRoom(REORDERING);
      room.reseed(seed);
      const random = seededRandom(seed);
      const writers = [1, 2, 3].map((i) => new InMemoryWorker(room, clock.now, `w${i}`));
      const reader = new InMemoryWorker(room, clock.now, "reader");
      for (const w of [...writers, reader]) w.hello(0, undefined, [BATCH_CAPABILITY]);
      clock.run();
      // The teacher pauses the network: the sends, then the stamped copies, wait; each resume lands
      // all that is due at once, soonest first (out of seq order), in one task.
      room.flights.pause();
      for (let i = 0; i < 60; i++) (writers[Math.floor(random.next() * 3)] as InMemoryWorker).send(`s${seed}-${i}`);
      for (let round = 0; round < 2; round++) {
        clock.run();
        room.flights.resume();
        room.flights.pause();
      }
      room.flights.resume();
      clock.run();
      expect(room.lastSeq, `seed ${seed}`).toBe(60);
      for (const w of [...writers, reader]) {
        expect(
          w.core.delivered.map((m) => m.seq),
          `seed ${seed}`,
        ).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
        expect(w.core.delivered, `seed ${seed}`).toEqual((writers[0] as InMemoryWorker).core.delivered);
      }
      // Each seq reaches the reader once, whatever frame it came in.
      expect(
        framesOfSeqs(reader.received)
          .flat()
          .sort((a, b) => a - b),
        `seed ${seed}`,
      ).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      batchesSent += batches(reader.received).length;
    }
    expect(batchesSent).toBeGreaterThan(0);
  });

  it("sends a duplicate too: with every message duplicated, each seq reaches the worker twice and is delivered once", () => {
    const { clock, writer, reader } = writerAndReader({ delay: 5, jitter: 0, loss: 0, dup: 1 });
    for (let i = 1; i <= 8; i++) writer.send(`m${i}`);
    clock.run();
    const received = framesOfSeqs(reader.received).flat();
    for (let seq = 1; seq <= 8; seq++) expect(received.filter((s) => s === seq).length, `seq ${seq}`).toBe(2);
    expect(reader.core.delivered.map((m) => m.data)).toEqual(Array.from({ length: 8 }, (_, i) => `m${i + 1}`));
  });

  it("sends an error after the run before it: a bad nack right after a good one is answered in order", () => {
    const { clock, writer, reader } = writerAndReader();
    for (let i = 1; i <= 5; i++) writer.send(`m${i}`);
    clock.run();
    const before = reader.received.length;
    // One task: seqs 1..3 again, then a range past the last seq (BAD_RANGE).
    reader.session.text(clientFrame({ type: "nack", from: 1, to: 3 }));
    reader.session.text(clientFrame({ type: "nack", from: 100, to: 200 }));
    clock.run();
    expect(kinds(reader.received.slice(before))).toEqual(["batch", "error"]);
  });

  it("keeps each room's runs its own: two rooms with the same seqs and different texts", () => {
    const rooms = ["a", "b"].map((name) => ({ name, ...writerAndReader() }));
    // Both rooms stamp seqs 1..5 before either clock runs: their runs end in the same stretch of work.
    for (const { name, writer } of rooms) for (let i = 1; i <= 5; i++) writer.send(`${name}${i}`);
    for (const { clock } of rooms) clock.run();
    for (const { name, reader } of rooms) {
      expect(batches(reader.received).length).toBeGreaterThan(0);
      expect(reader.core.delivered.map((m) => m.data)).toEqual([1, 2, 3, 4, 5].map((i) => `${name}${i}`));
    }
  });
});

describe("RunSocket", () => {
  const record = (seq: number): LogRecord => ({ seq, from: 1, cid: "w", n: seq, data: `m${seq}`, time: 1000 + seq });
  /** A socket that keeps what it was sent, and a room's runs whose task never ends by itself. */
  function socket() {
    const sent: string[] = [];
    const runs = new LiveRuns(() => {});
    const runSocket = runs.socket({ send: (frame) => sent.push(frame), close: (code) => sent.push(`close ${code}`) });
    const send = (seq: number) => runSocket.sendRecord(record(seq), stampedFrame(record(seq)));
    return { sent, runSocket, send };
  }
  const types = (sent: readonly string[]) =>
    sent.map((frame) => (frame.startsWith("{") ? (JSON.parse(frame) as { type: string }).type : frame));

  it("sends the pending run before any other frame, and before closing", () => {
    const { sent, runSocket, send } = socket();
    send(1);
    send(2);
    runSocket.send(ackFrame(2));
    send(3);
    runSocket.close(4003, "bye");
    expect(types(sent)).toEqual(["batch", "ack", "stamped", "close 4003"]);
  });

  it("breaks a run where the seqs stop being consecutive: a gap or a repeat", () => {
    const { sent, runSocket, send } = socket();
    for (const seq of [1, 2, 3, 3, 4, 6, 7]) send(seq);
    runSocket.close(1000, "done");
    const runs = sent.slice(0, -1).map((frame) => {
      const message = JSON.parse(frame) as { type: string; seq?: number; first?: number; from?: number[] };
      return message.type === "batch" ? [message.first, (message.first ?? 0) + (message.from?.length ?? 0) - 1] : [message.seq];
    });
    expect(runs).toEqual([
      [1, 3],
      [3, 4],
      [6, 7],
    ]);
  });
});

describe("live runs over the real ws transport", () => {
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await stop?.();
    stop = undefined;
  });

  it("a client that accepts batches gets a burst of live messages in fewer frames than messages", async () => {
    const server = await startInProcess();
    stop = () => server.stop();
    const open = (accepts?: string[]) => {
      const ws = new WebSocket(server.url);
      const messages: ServerMessage[] = [];
      ws.on("message", (data) => messages.push(JSON.parse(data.toString())));
      ws.on("open", () => ws.send(helloFrame({ ...(accepts ? { accepts } : {}) })));
      return { ws, messages };
    };
    const reader = open([BATCH_CAPABILITY]);
    const writer = open();
    const welcomed = (c: { messages: ServerMessage[] }) => c.messages.some((m) => m.type === "welcome");
    await until(() => welcomed(reader) && welcomed(writer), "both clients welcomed");
    for (let n = 1; n <= 50; n++) writer.ws.send(clientFrame({ type: "send", n, data: `burst ${n}` }));
    const all = () => framesOfSeqs(reader.messages).flat().length === 50;
    await until(all, () => `the reader to get all 50 (has ${framesOfSeqs(reader.messages).flat().length})`);
    const frames = framesOfSeqs(reader.messages);
    expect(frames.flat()).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(batches(reader.messages).length).toBeGreaterThan(0);
    // The writer, which did not ask for batches, got 50 stamped frames.
    expect(writer.messages.filter((m) => m.type === "stamped").length).toBe(50);
    reader.ws.close();
    writer.ws.close();
  });
});
