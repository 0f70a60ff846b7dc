import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { BATCH_CAPABILITY, type Batch, clientFrame, helloFrame, type ServerMessage } from "../../shared/protocol.ts";
import { seededRandom } from "../../shared/random.ts";
import { until } from "../../shared/testing/wait.ts";
import { startInProcess } from "../testing/in-process.ts";
import { testRoom } from "../testing/room.ts";
import { InMemoryWorker } from "../testing/worker.ts";

/** A network that reorders: 5 ms plus up to 40 ms of jitter each way. */
const REORDERING = { delay: 5, jitter: 40, loss: 0, dup: 0 };

const batches = (received: readonly ServerMessage[]) => received.filter((m): m is Batch => m.type === "batch");

/** The seqs a worker was sent live, frame by frame: a stamped frame is one seq, a batch its run. */
const framesOfSeqs = (received: readonly ServerMessage[]) =>
  received.flatMap((m) =>
    m.type === "stamped" ? [[m.seq]] : m.type === "batch" ? [Array.from({ length: m.from.length }, (_, i) => m.first + i)] : [],
  );

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

  it("batches only consecutive seqs on a network that reorders: every reader delivers the writer's order, over 20 seeds", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { clock, room } = testRoom(REORDERING);
      room.reseed(seed);
      const random = seededRandom(seed);
      const writers = [1, 2, 3].map((i) => new InMemoryWorker(room, clock.now, `w${i}`));
      const reader = new InMemoryWorker(room, clock.now, "reader");
      for (const w of writers) w.hello(0, undefined, [BATCH_CAPABILITY]);
      reader.hello(0, undefined, [BATCH_CAPABILITY]);
      clock.run();
      for (let i = 0; i < 60; i++) (writers[Math.floor(random.next() * 3)] as InMemoryWorker).send(`s${seed}-${i}`);
      clock.run();
      expect(room.lastSeq, `seed ${seed}`).toBe(60);
      for (const w of [...writers, reader]) {
        expect(
          w.core.delivered.map((m) => m.seq),
          `seed ${seed}`,
        ).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
        expect(w.core.delivered, `seed ${seed}`).toEqual((writers[0] as InMemoryWorker).core.delivered);
      }
      // Each frame's records are consecutive and each seq reaches the reader once.
      expect(
        framesOfSeqs(reader.received)
          .flat()
          .sort((a, b) => a - b),
        `seed ${seed}`,
      ).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    }
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
    expect(frames.length).toBeLessThan(50);
    // The writer, which did not ask for batches, got 50 stamped frames.
    expect(writer.messages.filter((m) => m.type === "stamped").length).toBe(50);
    reader.ws.close();
    writer.ws.close();
  });
});
