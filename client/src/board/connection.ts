/**
 * The board's connection: it watches a room (no worker of its own), and sends
 * the teacher's changes with the key. Reconnects with the workers' backoff.
 */
import { reconnectDelay } from "../../../shared/backoff.ts";
import {
  type ClientMessage,
  CloseCode,
  type Control,
  clientFrame,
  type NetworkSettings,
  type OrderingMode,
  parseServerFrame,
  watchFrame,
} from "../../../shared/protocol.ts";
import type { Random } from "../../../shared/random.ts";
import type { BoardStore } from "./store.ts";

/** A control message without its key (the connection adds it). */
export type ControlAction = DistributiveOmit<Control, "type" | "key">;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface BoardConnection {
  configure(change: { network?: Partial<NetworkSettings>; mode?: OrderingMode }): void;
  control(action: ControlAction): void;
  reset(): void;
  /** Follows one message (null: none) for the whole room: its marks light up on the board and in every tab. */
  follow(seq: number | null): void;
  stop(): void;
}

export interface BoardDeps {
  readonly url: string;
  readonly store: BoardStore;
  /** The browser's WebSocket; tests may pass another with the same interface. */
  readonly WebSocket: new (
    url: string,
  ) => WebSocket;
  readonly random: Random;
  /** This page's clock. */
  readonly now: () => number;
  /** Runs `run` after `ms`; returns a cancel function. */
  readonly after: (ms: number, run: () => void) => () => void;
  /** Runs the store's updates where the page is about to draw a frame (atNextFrame); by default at once. */
  readonly frame?: (run: () => void) => void;
}

export function connectBoard({ url, store, WebSocket: Socket, random, now, after, frame = (run) => run() }: BoardDeps): BoardConnection {
  let socket: WebSocket | null = null;
  let retries = 0;
  let stopped = false;
  let cancelRetry = () => {};

  // A board message is parsed in the task that brought it, and shown at the start of the next frame
  // with whatever else arrived meanwhile, in arrival order: the parse and the render, each a few ms
  // with a lecture's room, then land in different frames instead of pushing one frame past its time.
  let arrived: (() => void)[] = [];
  const show = (update: () => void) => {
    arrived.push(update);
    if (arrived.length > 1) return;
    frame(() => {
      const updates = arrived;
      arrived = [];
      for (const run of updates) run();
    });
  };

  const open = () => {
    const ws = new Socket(url);
    socket = ws;
    ws.onopen = () => ws.send(watchFrame());
    ws.onmessage = (event: MessageEvent) => {
      if (socket !== ws || typeof event.data !== "string") return;
      const parsed = parseServerFrame(event.data);
      if (!parsed.ok) return;
      const message = parsed.message;
      if (message.type === "board") {
        retries = 0;
        const at = now();
        show(() => store.getState().boardArrived(message, at));
      } else if (message.type === "follow") {
        show(() => store.getState().followArrived(message.seq));
      } else if (message.type === "settings") {
        show(() => store.getState().settingsArrived(message));
      } else if (message.type === "error") {
        show(() => store.getState().showError(`${message.message} (${message.code})`));
      }
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      show(() => store.getState().disconnected());
      if (stopped) return;
      cancelRetry = after(reconnectDelay(retries++, random), open);
    };
    // A failed connection also closes, and the close retries; an unheard error would be thrown by some WebSocket implementations.
    ws.onerror = () => {};
  };
  open();

  const send = (message: ClientMessage) => {
    if (socket?.readyState === 1) socket.send(clientFrame(message));
    else store.getState().showError("not connected to the sequencer");
  };
  return {
    configure: (change) => send({ type: "configure", key: store.getState().key, ...change }),
    reset: () => send({ type: "reset", key: store.getState().key }),
    // Not the teacher's alone (no key): any worker or board may point the room at a message.
    follow: (seq) => send({ type: "follow", seq }),
    control: (action) => send({ type: "control", key: store.getState().key, ...action }),
    stop() {
      stopped = true;
      cancelRetry();
      socket?.close(CloseCode.Normal, "board closed");
    },
  };
}
