/**
 * The thin ws layer: it accepts upgrades on /ws only, hands every frame to a
 * Session, and ends dead connections with a heartbeat. Everything that decides
 * anything lives in Session and Room.
 */
import type { Server } from "node:http";
import { WebSocket, WebSocketServer } from "ws";
import { CloseCode, MAX_PAYLOAD_BYTES, ROOM_PATTERN, WS_PATH } from "../shared/protocol.ts";
import { pathOf, queryOf } from "./http.ts";
import { RateLimiter } from "./limiter.ts";
import { originAllowed } from "./origin.ts";
import { Outbox } from "./outbox.ts";
import type { Room, WorkerSocket } from "./room.ts";
import { DEFAULT_ROOM, type Rooms } from "./rooms.ts";
import { Session } from "./session.ts";

export interface TransportOptions {
  /** Messages a second per connection; 0 turns the limit off. */
  readonly rateLimit: number;
  /** How often to ping; a connection that has not answered the previous ping is ended. */
  readonly heartbeatMs: number;
  /** Leave upgrades on other paths to other listeners (Vite's hot reload in dev mode). */
  readonly shareUpgrades: boolean;
  /** Browser origins allowed besides the page's own and localhost (see origin.ts). */
  readonly origins: readonly string[];
  /** More connections than this are refused with HTTP 503. */
  readonly maxConnections: number;
  /** How long a connection may stay without saying hello (default HELLO_TIMEOUT_MS). */
  readonly helloTimeoutMs?: number;
}

/** A connection must say hello (or act with the key) within this long. */
export const HELLO_TIMEOUT_MS = 10_000;

/** A worker with more than this many bytes waiting to be sent to it is cut off (close 4002). */
export const SLOW_CONSUMER_BYTES = 8 << 20;

export function attachSequencer(server: Server, rooms: Rooms, options: TransportOptions): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD_BYTES, perMessageDeflate: false });
  const outbox = new Outbox();

  server.on("upgrade", (request, socket, head) => {
    const refuse = (status: string, text: string) =>
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${text}\n`);
    if (pathOf(request.url) !== WS_PATH) {
      if (!options.shareUpgrades) refuse("404 Not Found", "not found");
      return;
    }
    if (wss.clients.size >= options.maxConnections) return refuse("503 Service Unavailable", "too many connections");
    if (!originAllowed(request.headers.origin, request.headers.host, options.origins)) {
      return refuse("403 Forbidden", "origin not allowed; start the server with --origin");
    }
    const name = queryOf(request.url).get("room") ?? DEFAULT_ROOM;
    if (!ROOM_PATTERN.test(name)) return refuse("400 Bad Request", "room names are 1 to 32 letters, digits, - or _");
    const room = rooms.get(name);
    if (!room) return refuse("503 Service Unavailable", "too many rooms");
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit("connection", ws, room));
  });

  const alive = new WeakSet<WebSocket>();
  wss.on("connection", (ws: WebSocket, room: Room) => {
    room.attached++;
    alive.add(ws);
    const limiter = options.rateLimit > 0 ? new RateLimiter(options.rateLimit, options.rateLimit * 2, Date.now) : null;
    const session = new Session(room, adapt(ws, outbox), limiter, Date.now);
    // A connection that never says hello (nor acts with the key) is not kept.
    const helloTimeout = options.helloTimeoutMs ?? HELLO_TIMEOUT_MS;
    const helloTimer = setTimeout(() => {
      if (session.idle) ws.close(CloseCode.HelloTimeout, `say hello within ${helloTimeout / 1000} s`);
    }, helloTimeout);
    helloTimer.unref();
    ws.on("pong", () => alive.add(ws));
    ws.on("message", (data, isBinary) => {
      if (isBinary) session.binary();
      else session.text(data.toString());
    });
    ws.on("close", () => {
      room.attached--;
      clearTimeout(helloTimer);
      session.closed();
    });
    // An error (an oversize frame, a broken socket) is followed by close; nothing to add.
    ws.on("error", () => {});
  });

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.close(CloseCode.Unresponsive, "no answer to heartbeat");
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, options.heartbeatMs);
  heartbeat.unref();
  wss.on("close", () => clearInterval(heartbeat));
  return wss;
}

function adapt(ws: WebSocket, outbox: Outbox): WorkerSocket {
  const buffered = () => ws.bufferedAmount + outbox.waiting(ws);
  return {
    send(frame) {
      if (ws.readyState !== WebSocket.OPEN) return;
      if (buffered() > SLOW_CONSUMER_BYTES) {
        // Memory is bounded per worker; one that reads too slowly resumes after reconnecting.
        ws.close(CloseCode.TooSlow, "reading too slowly; reconnect to resume");
        setTimeout(() => ws.terminate(), 2000).unref();
        return;
      }
      outbox.send(ws, frame);
    },
    close(code, reason) {
      // What this turn already queued goes out before the close frame.
      outbox.flush();
      ws.close(code, reason);
    },
    bufferedAmount: buffered,
  };
}
