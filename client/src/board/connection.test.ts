/**
 * The board's connection against the real server parts on loopback, with the
 * ws package's WebSocket standing in for the browser's (same interface).
 */
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { startInProcess } from "../../../server/testing/in-process.ts";
import { seededRandom } from "../../../shared/random.ts";
import { until } from "../../../shared/testing/wait.ts";
import { after } from "../timers.ts";
import { until as storeReaches } from "../until.ts";
import { type BoardConnection, type BoardDeps, connectBoard } from "./connection.ts";
import { type BoardStore, createBoardStore } from "./store.ts";
import type { BoardState } from "./types.ts";

const KEY = "test-key";
const stops: (() => Promise<void>)[] = [];
const boards: BoardConnection[] = [];

async function startSequencer(port = 0) {
  const server = await startInProcess({ port, teacherKey: KEY });
  stops.push(() => server.stop());
  return server;
}

function board(port: number, key = KEY, timers: Pick<BoardDeps, "after" | "frame"> = { after }) {
  const store = createBoardStore("default", key);
  const connection = connectBoard({
    url: `ws://127.0.0.1:${port}/ws`,
    store,
    WebSocket: WebSocket as unknown as BoardDeps["WebSocket"],
    random: seededRandom(7),
    now: Date.now,
    ...timers,
  });
  boards.push(connection);
  return { store, connection };
}

/** Waits for the board's store to reach a state; a timeout says what was awaited and where the board stood. */
function boardReaches(store: BoardStore, what: string, check: (state: BoardState) => boolean): Promise<void> {
  return storeReaches(store, what, check, (s) => `the board is ${s.connected ? "connected" : "not connected"}, error ${s.error ?? "none"}`);
}

afterEach(async () => {
  for (const b of boards.splice(0)) b.stop();
  for (const stop of stops.splice(0)) await stop();
});

describe("connectBoard", () => {
  it("watches the room and shows its settings", async () => {
    const { port } = await startSequencer();
    const { store } = board(port);
    await boardReaches(store, "the first board message", (s) => s.connected);
    expect(store.getState()).toMatchObject({ network: { delay: 0, jitter: 0 }, mode: "total", workers: [] });
  });

  it("changes the room's network with the teacher's key, and says so", async () => {
    const { port } = await startSequencer();
    const { store, connection } = board(port);
    await boardReaches(store, "the first board message", (s) => s.connected);
    connection.configure({ network: { delay: 900 } });
    await boardReaches(store, "the new delay", (s) => s.network?.delay === 900);
    expect(store.getState().notice).toBe("Settings changed.");
  });

  it("shows the sequencer's refusal without the key", async () => {
    const { port } = await startSequencer();
    const { store, connection } = board(port, "");
    await boardReaches(store, "the first board message", (s) => s.connected);
    connection.reset();
    await boardReaches(store, "the refusal", (s) => s.error !== null);
    expect(store.getState().error).toMatch(/KEY_REQUIRED/);
  });

  it("shows what arrives at the start of the next frame, not in the task that parsed it", async () => {
    const { port } = await startSequencer();
    const frames: (() => void)[] = [];
    const { store } = board(port, KEY, { after, frame: (run) => frames.push(run) });
    await until(() => frames.length > 0, "the board to ask for a frame");
    // The room's first board message has arrived and been parsed; the page has not drawn yet.
    expect(store.getState().connected).toBe(false);
    for (const run of frames.splice(0)) run();
    expect(store.getState()).toMatchObject({ connected: true, workers: [] });
  });

  it("refuses to send while not connected, in words", () => {
    const { store, connection } = board(9);
    connection.reset();
    expect(store.getState().error).toBe("not connected to the sequencer");
  });

  it("reconnects after the link drops, with the workers' backoff", async () => {
    const first = await startSequencer();
    const { timers, waits } = watchedTimers();
    const { store } = board(first.port, KEY, timers);
    await boardReaches(store, "the first board message", (s) => s.connected);
    await first.stop();
    await boardReaches(store, "the link going down", (s) => !s.connected);
    await startSequencer(first.port);
    await boardReaches(store, "the link coming back", (s) => s.connected);
    // The first retry waits 250 ms, spread from 75% to 125%.
    expect(waits[0]).toBeGreaterThanOrEqual(187.5);
    expect(waits[0]).toBeLessThanOrEqual(312.5);
  });

  it("stopped while it waits to retry, it tries no more", async () => {
    const first = await startSequencer();
    const { timers, waits, cancelled } = watchedTimers();
    const { store, connection } = board(first.port, KEY, timers);
    await boardReaches(store, "the first board message", (s) => s.connected);
    await first.stop();
    await boardReaches(store, "the link going down", (s) => !s.connected);
    connection.stop();
    expect(waits).toHaveLength(1);
    expect(cancelled).toEqual(waits);
  });
});

/** Real timers, with a record of every wait asked for and every wait cancelled. */
function watchedTimers() {
  const waits: number[] = [];
  const cancelled: number[] = [];
  const timers = {
    after: (ms: number, run: () => void) => {
      waits.push(ms);
      const cancel = after(ms, run);
      return () => {
        cancelled.push(ms);
        cancel();
      };
    },
  };
  return { timers, waits, cancelled };
}
