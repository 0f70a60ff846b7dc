/**
 * The tab's connection to the sequencer. It drives the shared WorkerCore and
 * writes what happened into the store from outside React. On a lost
 * connection it retries with backoff and resumes after the last delivered seq.
 */
import { checkData, PROTOCOL_VERSION, parseServerFrame, type ServerMessage } from "../../shared/protocol.ts";
import type { Random } from "../../shared/random.ts";
import { WorkerCore } from "../../shared/worker-core.ts";
import { laneAfter } from "./lane.ts";
import { emptyWorkerSlice, type WorkerStore } from "./store.ts";

/** The part of the browser's WebSocket the connection uses; tests may pass another. */
export type WebSocketConstructor = new (url: string) => WebSocket;

export interface ConnectionDeps {
  readonly url: string;
  readonly store: WorkerStore;
  readonly WebSocket: WebSocketConstructor;
  readonly now: () => number;
  readonly random: Random;
}

export interface WorkerConnection {
  /** Sends text; returns an error message instead when the text or the connection cannot take it. */
  send(data: string): string | null;
  /** The tab's log in the seed's format. */
  seedLog(): string;
  stop(): void;
}

const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 8000;

export function connectWorker({ url, store, WebSocket: Socket, now, random }: ConnectionDeps): WorkerConnection {
  let core = new WorkerCore(now);
  let socket: WebSocket | null = null;
  let retries = 0;
  let stopped = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const open = () => {
    const ws = new Socket(url);
    socket = ws;
    ws.onopen = () => ws.send(JSON.stringify({ type: "hello", version: PROTOCOL_VERSION, after: core.lastDelivered }));
    ws.onmessage = (event: MessageEvent) => {
      if (typeof event.data !== "string") return;
      const parsed = parseServerFrame(event.data);
      if (parsed.ok) receive(parsed.message);
      else store.setState({ lastError: { code: parsed.code, message: `bad frame from the server: ${parsed.message}` } });
    };
    ws.onclose = (event: CloseEvent) => {
      if (socket !== ws) return;
      socket = null;
      if (stopped) return;
      const wait = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** retries) * (0.75 + random.next() / 2);
      retries++;
      const why = event.reason || (event.code === 1006 ? "connection lost" : `closed (${event.code})`);
      store.setState({ status: "reconnecting", statusDetail: `${why}; retrying in ${(wait / 1000).toFixed(1)} s` });
      retryTimer = setTimeout(open, wait);
    };
  };

  const receive = (message: ServerMessage) => {
    if (message.type === "welcome") {
      if (message.historyThrough < core.lastDelivered) {
        // The sequencer has fewer messages than this tab delivered: it restarted without its
        // history and numbers from 1 again. Start a fresh log and rejoin from seq 1.
        core = new WorkerCore(now);
        store.setState({
          ...emptyWorkerSlice(core.orderDigest),
          lastError: { code: "SEQUENCER_RESTARTED", message: "the sequencer restarted without its history; this tab started a fresh log" },
        });
        retries = 0;
        socket?.close(1000, "rejoining from seq 1");
        return;
      }
      retries = 0;
      core.join(message);
      store.setState({ status: "joined", statusDetail: "", workerId: message.workerId, network: message.network });
    } else if (message.type === "stamped") {
      const events = core.receive(message);
      const state = store.getState();
      const context = { historyThrough: core.historyThrough, isOwn: (from: number) => core.isOwn(from) };
      const delivered = events.flatMap((e) => (e.kind === "delivered" ? [e.message] : []));
      store.setState({
        lane: laneAfter(state.lane, events, context),
        held: core.held(),
        nextExpected: core.nextExpected,
        delivered: delivered.length ? [...state.delivered, ...delivered] : state.delivered,
        digest: core.orderDigest,
      });
    } else {
      if (message.ref !== undefined) core.refused(message.ref);
      store.setState({ lastError: { code: message.code, message: message.message } });
    }
  };

  open();
  return {
    send(data) {
      const problem = checkData(data);
      if (problem) return problem;
      const ws = socket?.readyState === 1 ? socket : null;
      if (!ws || core.workerId === null) return "not connected to the sequencer yet";
      ws.send(JSON.stringify(core.send(data)));
      store.setState({ sentCount: store.getState().sentCount + 1 });
      return null;
    },
    seedLog: () => core.seedLog(),
    stop() {
      stopped = true;
      clearTimeout(retryTimer);
      socket?.close(1000, "tab closed");
      store.setState({ status: "closed", statusDetail: "" });
    },
  };
}
