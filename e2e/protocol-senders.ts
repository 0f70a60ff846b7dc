/**
 * Workers without a page, speaking the protocol over a real WebSocket: a test
 * fills a room with messages quickly, as CLI workers would, while the pages
 * under test only watch.
 */
import WebSocket from "ws";
import { PROTOCOL_VERSION, parseServerFrame } from "../shared/protocol.ts";

export interface ProtocolSender {
  /** Sends `count` messages, then waits until the sequencer acknowledged them all. */
  send(count: number): Promise<void>;
  close(): void;
}

/** Joins the room behind `wsUrl` (room in its query, if any) as a worker. */
export async function protocolSender(wsUrl: string): Promise<ProtocolSender> {
  const socket = new WebSocket(wsUrl);
  let acked = 0;
  const waiting: (() => void)[] = [];
  socket.on("message", (data) => {
    const parsed = parseServerFrame(String(data));
    if (!parsed.ok) return;
    // Acks travel the simulated network too, so a later one may come first.
    if (parsed.message.type === "ack") acked = Math.max(acked, parsed.message.n);
    for (const wake of waiting.splice(0)) wake();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("open", resolve);
    socket.once("error", reject);
  });
  socket.send(JSON.stringify({ type: "hello", version: PROTOCOL_VERSION }));
  let sent = 0;
  return {
    async send(count) {
      for (let i = 0; i < count; i++) {
        sent++;
        socket.send(JSON.stringify({ type: "send", n: sent, data: `m${sent}` }));
      }
      while (acked < sent) await new Promise<void>((wake) => waiting.push(wake));
    },
    close: () => socket.close(),
  };
}
