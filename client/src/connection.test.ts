/**
 * The tab's connection module against the real server parts (room, ws
 * transport, HTTP) on loopback, with the ws package's WebSocket standing in
 * for the browser's (same interface).
 */
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { startInProcess } from "../../server/testing/in-process.ts";
import { orderDigest } from "../../shared/digest.ts";
import { seededRandom } from "../../shared/random.ts";
import { connectWorker, type IdentityStore, type WebSocketConstructor, type WorkerConnection } from "./connection.ts";
import type { WorkerState } from "./slices/types.ts";
import { createWorkerStore, type WorkerStore } from "./store.ts";
import { until } from "./until.ts";

const stops: (() => Promise<void>)[] = [];
const connections: WorkerConnection[] = [];

async function startSequencer(port = 0) {
  const server = await startInProcess({ port });
  stops.push(() => server.stop());
  return server;
}

/** Waits for the tab's store to reach a state; a timeout says what was awaited and where the tab stood. */
function tabReaches(store: WorkerStore, what: string, check: (state: WorkerState) => boolean): Promise<void> {
  return until(store, what, check, ({ status, statusDetail, deliveredCount, lastError }) => {
    const detail = statusDetail ? ` (${statusDetail})` : "";
    return `the tab is ${status}${detail}, ${deliveredCount} delivered, last error ${lastError?.code ?? "none"}`;
  });
}

function memoryStorage(): IdentityStore {
  const items = new Map<string, string>();
  return { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
}

function tab(port: number, identity = memoryStorage(), frame?: (run: () => void) => void) {
  const store = createWorkerStore(orderDigest([]));
  const connection = connectWorker({
    ...(frame ? { frame } : {}),
    url: `ws://127.0.0.1:${port}/ws`,
    store,
    WebSocket: WebSocket as unknown as WebSocketConstructor,
    now: Date.now,
    random: seededRandom(connections.length + 2),
    identity,
  });
  connections.push(connection);
  return { store, connection, identity };
}

afterEach(async () => {
  for (const c of connections.splice(0)) c.stop();
  for (const stop of stops.splice(0)) await stop();
});

describe("connectWorker", () => {
  it("joins, sends, and mirrors deliveries and the digest into the store", async () => {
    const { port } = await startSequencer();
    const { store, connection } = tab(port);
    await tabReaches(store, "the join", (s) => s.status === "joined");
    expect(connection.send("first")).toBeNull();
    await tabReaches(store, "one delivery", (s) => s.delivered.length === 1);
    expect(store.getState()).toMatchObject({ delivered: [{ seq: 1, data: "first" }], digest: orderDigest([{ seq: 1, data: "first" }]) });
    expect(connection.seedLog()).toMatch(/^Process ID = 1\nSent msg first to server\n--> Delivered seq=1 dat=first\n$/);
    expect(
      connection
        .history()
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line).event),
    ).toEqual(["joined", "sent", "delivered"]);
  });

  it("under a stream of deliveries, updates the store at most 10 times a second", async () => {
    const { port } = await startSequencer();
    const updates: number[] = [];
    const { store, connection } = tab(port, memoryStorage(), (run) => {
      updates.push(Date.now());
      run();
    });
    await tabReaches(store, "the join", (s) => s.status === "joined");
    updates.length = 0;
    // 30 sends, one every 20 ms: 600 ms of deliveries, several gaps' worth.
    let sent = 0;
    const sending = setInterval(() => {
      if (sent < 30) connection.send(`m${++sent}`);
    }, 20);
    try {
      await tabReaches(store, "all 30 delivered", (s) => s.deliveredCount === 30);
    } finally {
      clearInterval(sending);
    }
    expect(updates.length).toBeGreaterThanOrEqual(3);
    // 100 ms apart at least (connection.ts's MIN_GAP_MS); a timer may fire up to a millisecond early by Date.now()'s rounding.
    for (let i = 1; i < updates.length; i++) expect((updates[i] ?? 0) - (updates[i - 1] ?? 0)).toBeGreaterThanOrEqual(99);
  });

  it("refuses text the sequencer would refuse, before sending it", async () => {
    const { port } = await startSequencer();
    const { store, connection } = tab(port);
    await tabReaches(store, "the join", (s) => s.status === "joined");
    expect(connection.send("")).toMatch(/empty/);
    expect(connection.send("two\nlines")).toMatch(/control/);
    expect(store.getState().sentCount).toBe(0);
  });

  it("keeps its worker identity across a reload, through the identity store", async () => {
    const { port } = await startSequencer();
    const first = tab(port);
    await tabReaches(first.store, "the first join", (s) => s.status === "joined");
    const id = first.store.getState().workerId;
    first.connection.stop();
    const reloaded = tab(port, first.identity);
    await tabReaches(reloaded.store, "the join after the reload", (s) => s.status === "joined");
    expect(reloaded.store.getState().workerId).toBe(id);
  });

  it("starts a fresh log when the sequencer comes back with another epoch, even with as many messages as before", async () => {
    const first = await startSequencer();
    const { store, connection } = tab(first.port);
    await tabReaches(store, "the join", (s) => s.status === "joined");
    connection.send("old one");
    await tabReaches(store, "one delivery", (s) => s.delivered.length === 1);

    await first.stop();
    await tabReaches(store, "reconnecting after the sequencer stopped", (s) => s.status === "reconnecting");
    const second = await startSequencer(first.port);
    const other = tab(second.port);
    await tabReaches(other.store, "the other tab's join", (s) => s.status === "joined");
    other.connection.send("new one");
    await tabReaches(
      store,
      "a rejoin with a fresh log holding only the new epoch's message",
      (s) => s.status === "joined" && s.delivered.length === 1 && s.delivered[0]?.data === "new one",
    );
    expect(store.getState().lastError?.code).toBe("FRESH_START");
  });
});
