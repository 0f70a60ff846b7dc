/**
 * The tab's connection module against the real server parts (room, ws
 * transport, HTTP) on loopback, with the ws package's WebSocket standing in
 * for the browser's (same interface).
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { createHttpServer } from "../../server/http.ts";
import { realScheduler } from "../../server/netsim.ts";
import { Room } from "../../server/room.ts";
import { attachSequencer } from "../../server/transport.ts";
import { orderDigest } from "../../shared/digest.ts";
import { seededRandom } from "../../shared/random.ts";
import { connectWorker, type WebSocketConstructor, type WorkerConnection } from "./connection.ts";
import { createWorkerStore, type WorkerState, type WorkerStore } from "./store.ts";

const running: { server: Server; stop: () => Promise<void> }[] = [];
const connections: WorkerConnection[] = [];

async function startSequencer(port = 0) {
  const room = new Room({ settings: () => ({ delay: 0, jitter: 0 }), scheduler: realScheduler, random: seededRandom(1) });
  const { server } = createHttpServer(room);
  const wss = attachSequencer(server, room, { rateLimit: 0, heartbeatMs: 60_000, shareUpgrades: false });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const stop = async () => {
    for (const ws of wss.clients) ws.terminate();
    wss.close();
    await new Promise((resolve) => server.close(resolve));
  };
  running.push({ server, stop });
  return { room, port: (server.address() as AddressInfo).port, stop };
}

function until(store: WorkerStore, check: (state: WorkerState) => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (check(store.getState())) return resolve();
    const unsubscribe = store.subscribe((state) => {
      if (!check(state)) return;
      unsubscribe();
      resolve();
    });
  });
}

function tab(port: number) {
  const store = createWorkerStore(orderDigest([]));
  const connection = connectWorker({
    url: `ws://127.0.0.1:${port}/ws`,
    store,
    WebSocket: WebSocket as unknown as WebSocketConstructor,
    now: Date.now,
    random: seededRandom(2),
  });
  connections.push(connection);
  return { store, connection };
}

afterEach(async () => {
  for (const c of connections.splice(0)) c.stop();
  for (const r of running.splice(0)) await r.stop();
});

describe("connectWorker", () => {
  it("joins, sends, and mirrors deliveries and the digest into the store", async () => {
    const { port } = await startSequencer();
    const { store, connection } = tab(port);
    await until(store, (s) => s.status === "joined");
    expect(connection.send("first")).toBeNull();
    await until(store, (s) => s.delivered.length === 1);
    expect(store.getState()).toMatchObject({ delivered: [{ seq: 1, data: "first" }], digest: orderDigest([{ seq: 1, data: "first" }]) });
    expect(connection.seedLog()).toMatch(/^Process ID = 1\nSent msg first to server\n--> Delivered seq=1 dat=first\n$/);
  });

  it("refuses text the sequencer would refuse, before sending it", async () => {
    const { port } = await startSequencer();
    const { store, connection } = tab(port);
    await until(store, (s) => s.status === "joined");
    expect(connection.send("")).toMatch(/empty/);
    expect(connection.send("two\nlines")).toMatch(/control/);
    expect(store.getState().sentCount).toBe(0);
  });

  it("reconnects after the sequencer restarts without its history, and starts a fresh log from seq 1", async () => {
    const first = await startSequencer();
    const { store, connection } = tab(first.port);
    await until(store, (s) => s.status === "joined");
    connection.send("before");
    connection.send("restart");
    await until(store, (s) => s.delivered.length === 2);

    await first.stop();
    await until(store, (s) => s.status === "reconnecting");
    const second = await startSequencer(first.port);
    second.room.sequencer.stamp(99, 1, "new era");
    await until(store, (s) => s.status === "joined" && s.delivered.length === 1);
    expect(store.getState().delivered).toMatchObject([{ seq: 1, data: "new era" }]);
    expect(store.getState().lastError?.code).toBe("SEQUENCER_RESTARTED");
  });
});
