/**
 * Fuzz at the edge: while honest workers send, a hostile connection sends
 * thousands of malformed frames to the real server. The server must answer
 * each with an error (or close that connection) and never crash, and the
 * honest workers must lose nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { wsConnector } from "../cli/ws-connect.ts";
import { check } from "../shared/checker.ts";
import { historyLine, parseHistory } from "../shared/history.ts";
import { nineDigits, randomInt, seededRandom } from "../shared/random.ts";
import { until } from "../shared/testing/wait.ts";
import { WorkerDriver } from "../shared/worker-driver.ts";
import { startInProcess } from "./testing/in-process.ts";

const random = seededRandom(2024);
let url = "";
let stop: () => Promise<void>;

beforeAll(async () => {
  const server = await startInProcess({
    settings: { delay: 5, jitter: 40, loss: 0.05, dup: 0.05 },
    teacherKey: "the-real-key-1234",
    seed: 2024,
  });
  url = server.url;
  stop = () => server.stop();
});
afterAll(() => stop());

/** One malformed (or hostile) frame. */
function badFrame(i: number): string | Buffer {
  const pick = i % 12;
  const junk = () => String.fromCharCode(...Array.from({ length: randomInt(random, 0, 40) }, () => randomInt(random, 0, 0xffff)));
  switch (pick) {
    case 0:
      return junk();
    case 1:
      return JSON.stringify({ type: junk() });
    case 2:
      return JSON.stringify({ type: "send", n: randomInt(random, -5, 5), data: junk() });
    case 3:
      return JSON.stringify({ type: "send", n: 1, data: "x".repeat(randomInt(random, 1000, 9000)) });
    case 4:
      return JSON.stringify({ type: "nack", from: randomInt(random, -10, 1e9), to: randomInt(random, -10, 1e12) });
    case 5:
      return JSON.stringify({ type: "configure", key: junk(), network: { loss: 1 } });
    case 6:
      return JSON.stringify({ type: "reset", key: "guess-guess" });
    case 7:
      return JSON.stringify({ type: "hello", version: randomInt(random, 1, 3), cid: junk(), after: randomInt(random, -1, 1e6) });
    case 8:
      return Buffer.from(junk());
    case 9:
      return `[${"[".repeat(randomInt(random, 1, 2000))}`;
    case 10:
      return JSON.stringify({ type: "send", n: 1, data: "ok", extra: { __proto__: { polluted: true } } });
    default:
      return JSON.stringify({ type: "hello", version: 1, cid: "honest-1" }).slice(0, randomInt(random, 1, 30));
  }
}

describe("fuzzing the edge", () => {
  it("thousands of malformed frames: the server answers and stays up, honest workers lose nothing", async () => {
    const perWorker = 15;
    const workers = Array.from({ length: 3 }, (_, i) => {
      const history: string[] = [];
      const driver: WorkerDriver = new WorkerDriver({
        cid: `honest-${i + 1}`,
        renewCid: () => `honest-${i + 1}-b`,
        now: Date.now,
        random: seededRandom(i + 1),
        after: (ms, run) => {
          const timer = setTimeout(run, ms);
          return () => clearTimeout(timer);
        },
        connect: wsConnector(url),
        observe: (o) => {
          if (o.kind !== "events") return;
          for (const event of o.events) {
            const line = historyLine(event, driver.identity, o.core.workerId);
            if (line !== null) history.push(line);
          }
        },
      });
      driver.start();
      return { driver, history, sent: 0 };
    });

    let answers = 0;
    let frames = 0;
    const fuzz = async () => {
      while (frames < 3000) {
        const ws = new WebSocket(url);
        ws.on("message", () => answers++);
        ws.on("error", () => {});
        await new Promise((resolve) => ws.once("open", resolve));
        // Now and then a frame over the payload limit ends the connection (1009): open another.
        const closed = new Promise((resolve) => ws.once("close", resolve));
        while (frames < 3000 && ws.readyState === WebSocket.OPEN) {
          ws.send(frames % 997 === 996 ? "y".repeat(70_000) : badFrame(frames));
          frames++;
          if (frames % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
        }
        ws.close();
        await closed;
      }
    };
    await until(() => workers.every((w) => w.driver.isJoined), "every honest worker to join", { timeoutMs: 5000 });
    const sending = (async () => {
      for (let round = 0; round < perWorker; round++) {
        for (const w of workers) if (typeof w.driver.send(nineDigits(random)) !== "string") w.sent++;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await Promise.all([fuzz(), sending]);

    const total = workers.reduce((sum, w) => sum + w.sent, 0);
    expect(total).toBe(3 * perWorker);
    const delivered = () => workers.map((w) => w.driver.core.delivered.length);
    await until(
      () => delivered().every((count) => count === total),
      () => `every honest worker to deliver all ${total} (${delivered()})`,
      {
        timeoutMs: 20_000,
        intervalMs: 50,
      },
    );
    for (const w of workers) w.driver.stop();

    expect(frames).toBe(3000);
    expect(answers).toBeGreaterThan(2000);
    const report = check(workers.map((w, i) => ({ name: `honest ${i + 1}`, records: parseHistory(w.history.join("\n")) })));
    expect(report.examples).toEqual([]);
    expect(report.ok).toBe(true);
    const health = await fetch(url.replace("ws://", "http://").replace("/ws", "/healthz"));
    expect(health.status).toBe(200);
  });
});
