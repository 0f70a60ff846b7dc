/**
 * The board's connection: it watches a room (no worker of its own), and sends
 * the teacher's changes with the key. Reconnects with backoff.
 */
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
import { applyBoard, type BoardStore } from "./store.ts";

/** A control message without its key (the connection adds it). */
export type ControlAction = DistributiveOmit<Control, "type" | "key">;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface BoardConnection {
  configure(change: { network?: Partial<NetworkSettings>; mode?: OrderingMode }): void;
  control(action: ControlAction): void;
  reset(): void;
  stop(): void;
}

export function connectBoard(url: string, store: BoardStore): BoardConnection {
  let socket: WebSocket | null = null;
  let retries = 0;
  let stopped = false;

  const open = () => {
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => ws.send(watchFrame());
    ws.onmessage = (event: MessageEvent) => {
      if (socket !== ws || typeof event.data !== "string") return;
      const parsed = parseServerFrame(event.data);
      if (!parsed.ok) return;
      const message = parsed.message;
      if (message.type === "board") {
        retries = 0;
        store.setState({ connected: true, ...applyBoard(store.getState(), message, Date.now()) });
      } else if (message.type === "settings") {
        store.setState({ network: message.network, mode: message.mode, auto: message.auto, error: null, notice: "Settings changed." });
      } else if (message.type === "error") {
        store.setState({ error: `${message.message} (${message.code})`, notice: null });
      }
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      store.setState({ connected: false });
      if (stopped) return;
      const wait = Math.min(5000, 250 * 2 ** retries++);
      setTimeout(open, wait);
    };
  };
  open();

  const send = (message: ClientMessage) => {
    if (socket?.readyState === 1) socket.send(clientFrame(message));
    else store.setState({ error: "not connected to the sequencer" });
  };
  return {
    configure: (change) => send({ type: "configure", key: store.getState().key, ...change }),
    reset: () => send({ type: "reset", key: store.getState().key }),
    control: (action) => send({ type: "control", key: store.getState().key, ...action }),
    stop() {
      stopped = true;
      socket?.close(CloseCode.Normal, "board closed");
    },
  };
}
