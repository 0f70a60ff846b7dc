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
import { frames } from "./frames.ts";
import { historyText } from "./lane.ts";
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
}

export interface WorkerConnection {
  /** Sends text; returns an error message instead when the text or the connection cannot take it. */
  send(data: string): string | null;
  /** The tab's log in the seed's format. */
  seedLog(): string;
  /** The tab's delivery history as JSON lines, for the checker. */
  history(): string;
  stop(): void;
}

const CID_KEY = "ordercast-cid";

function newCid(random: Random): string {
  return `tab-${Math.floor(random.next() * 2 ** 48).toString(36)}`;
}

export function connectWorker({ url, store, WebSocket: Socket, now, random, identity }: ConnectionDeps): WorkerConnection {
  let cid = identity.getItem(CID_KEY);
  if (cid === null) {
    cid = newCid(random);
    identity.setItem(CID_KEY, cid);
  }

  const observe = (observation: Observation) => {
    const state = store.getState();
    switch (observation.kind) {
      case "events":
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
        pending = [];
        state.startFresh(observation.core.orderDigest, observation.reason);
        return;
    }
  };

  // Events are shown in batches, at most one store update per frame, in the frame's one callback
  // (frames.ts): a catch-up of 100k messages then costs a few hundred renders, not 100k.
  let pending: WorkerEvent[] = [];
  let flushScheduled = false;
  const showEvents = (events: readonly WorkerEvent[]) => {
    for (const event of events) pending.push(event);
    if (flushScheduled) return;
    flushScheduled = true;
    frames.next(flush);
  };
  const flush = () => {
    flushScheduled = false;
    const events = pending;
    pending = [];
    store.getState().showEvents(events, driver.core);
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
  };
}
