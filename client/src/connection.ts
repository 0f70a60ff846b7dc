/**
 * The tab's connection to the sequencer: the shared WorkerDriver over the
 * browser's WebSocket, writing what happens into the store from outside
 * React. The driver reconnects, resumes, resends and NACKs; this module only
 * translates its observations into state.
 */
import { checkData } from "../../shared/protocol.ts";
import type { Random } from "../../shared/random.ts";
import type { WorkerEvent } from "../../shared/worker-core.ts";
import { type Observation, WorkerDriver } from "../../shared/worker-driver.ts";
import { historyText } from "./lane.ts";
import { PendingEvents } from "./pending-events.ts";
import { createRoomView, type RoomView } from "./room-view.ts";
import type { WorkerStore } from "./store.ts";
import { after } from "./timers.ts";

/** The part of the browser's WebSocket the connection uses; tests may pass another. */
export type WebSocketConstructor = new (url: string) => WebSocket;

/** Where the tab keeps its identity across reloads (sessionStorage in the browser). */
export interface IdentityStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface ConnectionDeps {
  readonly url: string;
  readonly store: WorkerStore;
  readonly WebSocket: WebSocketConstructor;
  readonly now: () => number;
  readonly random: Random;
  readonly identity: IdentityStore;
  /** Runs a store update where the page is about to draw a frame (atNextFrame); by default at once. */
  readonly frame?: (run: () => void) => void;
}

export interface WorkerConnection {
  /** Sends text; returns an error message instead when the text or the connection cannot take it. */
  send(data: string): string | null;
  /** The tab's log in the seed's format. */
  seedLog(): string;
  /** The tab's delivery history as JSON lines, for the checker. */
  history(): string;
  stop(): void;
  /** What the room follows, and this tab's order colour (issue 10). */
  readonly roomView: RoomView;
  /** Asks the room to follow `seq` (null: stop following). */
  follow(seq: number | null): void;
}

const CID_KEY = "ordercast-cid";
/** Updates come at most this often (10 a second): a reader sees no difference, and the frames between are free for the rest. */
const MIN_GAP_MS = 100;
/** Showing events takes at most about 1/RENDER_SHARE of the main thread: after an update that took d ms, the next waits (RENDER_SHARE − 1) × d. */
const RENDER_SHARE = 3;
/** …but the tab shows progress at least this often. */
const MAX_WAIT_MS = 250;

function newCid(random: Random): string {
  return `tab-${Math.floor(random.next() * 2 ** 48).toString(36)}`;
}

export function connectWorker({
  url,
  store,
  WebSocket: Socket,
  now,
  random,
  identity,
  frame = (run) => run(),
}: ConnectionDeps): WorkerConnection {
  let cid = identity.getItem(CID_KEY);
  if (cid === null) {
    cid = newCid(random);
    identity.setItem(CID_KEY, cid);
  }

  const roomView = createRoomView();
  const observe = (observation: Observation) => {
    const state = store.getState();
    switch (observation.kind) {
      case "room":
        roomView.getState().heard(observation.message);
        return;
      case "events":
        // The core hashes deliveries into its digest when the digest is read: a batch's are hashed
        // now, in the task that brought them, rather than all at once in the next update.
        if (observation.events.length > 1) void observation.core.orderDigest;
        return showEvents(observation.events);
      case "status":
        state.setStatus(
          observation.status === "stopped" ? "closed" : observation.status,
          observation.detail,
          observation.status === "joined" ? driver.core.workerId : undefined,
        );
        return;
      case "error":
        state.showError({ code: observation.code, message: observation.message });
        return;
      case "settings":
        state.applySettings(observation.network, observation.mode);
        state.applyTeacherAuto(observation.auto);
        return;
      case "fresh":
        // The old core's events are not shown.
        pending.take();
        roomView.getState().forget();
        state.startFresh(observation.core.orderDigest, observation.reason);
        return;
    }
  };

  // Events are shown in batches, at most 10 store updates a second, and fewer while an update
  // costs more than a frame (a catch-up of thousands of messages a second): the catch-up then
  // costs a few renders, and leaves the main thread free between them. In a lecture hall
  // (300 messages a second) this cut the main thread's work by about 40% against one update a frame. An
  // update starts a frame, so its render, layout and paint land in that frame together.
  const pending = new PendingEvents();
  let flushScheduled = false;
  let updateCost = 0;
  let lastUpdate = Number.NEGATIVE_INFINITY;
  const showEvents = (events: readonly WorkerEvent[]) => {
    pending.add(events);
    if (flushScheduled) return;
    flushScheduled = true;
    // After a quiet spell the first event shows at the next frame; under load, updates keep their gap.
    const gap = Math.min(MAX_WAIT_MS, Math.max(MIN_GAP_MS, (RENDER_SHARE - 1) * updateCost));
    const wait = Math.max(0, lastUpdate + gap - now());
    if (wait === 0) frame(flush);
    else after(wait, () => frame(flush));
  };
  const flush = () => {
    flushScheduled = false;
    const events = pending.take();
    const started = now();
    lastUpdate = started;
    store.getState().showEvents(events, driver.core);
    // React renders the change in a microtask queued by the update, before this one: measured to the end of it.
    queueMicrotask(() => {
      updateCost = now() - started;
    });
  };

  const driver = new WorkerDriver({
    cid,
    renewCid: () => {
      const fresh = newCid(random);
      identity.setItem(CID_KEY, fresh);
      return fresh;
    },
    now,
    random,
    after,
    connect: (handlers) => {
      const ws = new Socket(url);
      ws.onopen = () => handlers.open();
      ws.onmessage = (event: MessageEvent) => {
        if (typeof event.data === "string") handlers.message(event.data);
      };
      ws.onclose = (event: CloseEvent) => handlers.close(event.code, event.reason);
      // A failed connection also closes, and the driver retries; an unheard error would be thrown by some WebSocket implementations.
      ws.onerror = () => {};
      return {
        send: (text) => {
          if (ws.readyState === 1) ws.send(text);
        },
        close: (code, reason) => ws.close(code, reason),
      };
    },
    observe,
  });
  driver.start();

  return {
    send(data) {
      const problem = checkData(data);
      if (problem) return problem;
      const result = driver.send(data);
      return typeof result === "string" ? result : null;
    },
    seedLog: () => driver.core.seedLog(),
    history: () => historyText(driver.core, driver.identity),
    stop: () => driver.stop(),
    roomView,
    follow: (seq) => {
      driver.follow(seq);
    },
  };
}
