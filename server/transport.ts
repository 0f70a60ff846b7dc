/**
 * The thin ws layer: it accepts upgrades on /ws only, hands every frame to a
 * Session, and ends dead connections with a heartbeat. Everything that decides
 * anything lives in Session and Room.
 */
import type { Server } from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer } from "ws";
import { CloseCode, MAX_PAYLOAD_BYTES, ROOM_PATTERN, WS_PATH } from "../shared/protocol.ts";
import { isLoopback, MAX_PER_ADDRESS, MAX_WATCHERS, SocketCounts, WatcherSlots } from "./address-limits.ts";
import { serverNames } from "./host-names.ts";
import { pathOf, queryOf } from "./http.ts";
import { KeyGuesses } from "./key-guesses.ts";
import { RateLimiter } from "./limiter.ts";
import { hostAllowed, originAllowed, originHosts } from "./origin.ts";
import { Outbox } from "./outbox.ts";
import type { Room, WorkerSocket } from "./room.ts";
import { DEFAULT_ROOM, RoomRefusal, type Rooms } from "./rooms.ts";
import { Session, type SessionLimits } from "./session.ts";

export interface TransportOptions {
  /** Messages a second per connection; 0 turns the limit off. */
  readonly rateLimit: number;
  /** How often to ping; a connection that has not answered the previous ping is ended. */
  readonly heartbeatMs: number;
  /** Leave upgrades on other paths to other listeners (Vite's hot reload in dev mode). */
  readonly shareUpgrades: boolean;
  /** Browser origins allowed besides the page's own and localhost (see origin.ts). */
  readonly origins: readonly string[];
  /**
   * Open sockets (WebSockets, and sockets still sending their request head)
   * past which an upgrade is refused with HTTP 503.
   */
  readonly maxConnections: number;
  /** Sockets from one address past which an upgrade is refused with HTTP 429 (default MAX_PER_ADDRESS). */
  readonly maxPerAddress?: number;
  /** Addresses not limited per address (default: loopback, the teacher's own machine). */
  readonly perAddressExempt?: (address: string) => boolean;
  /** Boards watching at once, over all rooms (default MAX_WATCHERS). */
  readonly maxWatchers?: number;
  /** How long a connection may stay without saying hello (default HELLO_TIMEOUT_MS). */
  readonly helloTimeoutMs?: number;
  /** A socket that has not sent its first request head within this long is closed (default HEADERS_TIMEOUT_MS). */
  readonly headersTimeoutMs?: number;
  /**
   * Host names, besides localhost, that browsers may reach the server by
   * (default: the machine's addresses and names, and the hosts of `origins`).
   */
  readonly hosts?: () => Iterable<string>;
  /** Where the minute's wrong-key reports go (default console.log). */
  readonly log?: (line: string) => void;
}

/** A connection must say hello (or act with the key) within this long. */
export const HELLO_TIMEOUT_MS = 10_000;

/** Slow-header sockets (slowloris) are closed after this long without a whole request head. */
export const HEADERS_TIMEOUT_MS = 10_000;

/** A whole HTTP request must arrive within this long. */
export const REQUEST_TIMEOUT_MS = 30_000;

/** A worker with more than this many bytes waiting to be sent to it is cut off (close 4002). */
export const SLOW_CONSUMER_BYTES = 8 << 20;

export function attachSequencer(server: Server, rooms: Rooms, options: TransportOptions): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD_BYTES, perMessageDeflate: false });
  const outbox = new Outbox();
  const counts = new SocketCounts(options.maxConnections, options.maxPerAddress ?? MAX_PER_ADDRESS, options.perAddressExempt ?? isLoopback);
  const heads = guardHeads(server, counts, options.headersTimeoutMs ?? HEADERS_TIMEOUT_MS);
  const hosts = options.hosts ?? serverNames(originHosts(options.origins));
  const watchers = new WatcherSlots(options.maxWatchers ?? MAX_WATCHERS);
  const guesses = new KeyGuesses(Date.now);
  const log = options.log ?? ((line: string) => console.log(line));
  const reports = setInterval(() => {
    for (const line of guesses.report()) log(line);
  }, 60_000);
  reports.unref();

  server.on("upgrade", (request, socket, head) => {
    heads.arrived(socket);
    const refuse = (status: string, text: string) =>
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${text}\n`);
    if (pathOf(request.url) !== WS_PATH) {
      if (!options.shareUpgrades) refuse("404 Not Found", "not found");
      return;
    }
    const address = (socket as Socket).remoteAddress ?? "";
    const over = counts.refusal(address);
    if (over === "total") return refuse("503 Service Unavailable", "too many connections");
    if (over === "address") return refuse("429 Too Many Requests", "too many connections from your address");
    // Browsers only: a page rebound to this machine by DNS names its own host (other clients can send any Host anyway).
    if (request.headers.origin !== undefined && !hostAllowed(request.headers.host, hosts())) {
      return refuse("403 Forbidden", "host not allowed; add its name with --origin");
    }
    if (!originAllowed(request.headers.origin, request.headers.host, options.origins)) {
      return refuse("403 Forbidden", "origin not allowed; start the server with --origin");
    }
    const name = queryOf(request.url).get("room") ?? DEFAULT_ROOM;
    if (!ROOM_PATTERN.test(name)) return refuse("400 Bad Request", "room names are 1 to 32 letters, digits, - or _");
    const room = rooms.open(name, address);
    if (room instanceof RoomRefusal) return socket.end(room.http());
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit("connection", ws, room, address));
  });

  const alive = new WeakSet<WebSocket>();
  wss.on("connection", (ws: WebSocket, room: Room, address: string) => {
    room.attached++;
    alive.add(ws);
    const limiter = options.rateLimit > 0 ? new RateLimiter(options.rateLimit, options.rateLimit * 2, Date.now) : null;
    const limits: SessionLimits = {
      watch: () => watchers.take(),
      unwatch: () => watchers.give(),
      mayTryKey: () => guesses.mayTry(address),
      wrongKey: () => guesses.wrong(address),
    };
    const session = new Session(room, adapt(ws, outbox), limiter, Date.now, limits);
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
  wss.on("close", () => {
    clearInterval(heartbeat);
    clearInterval(reports);
  });
  return wss;
}

/**
 * Counts every socket from the moment it connects, drops one far past a
 * limit, and closes one that has not sent a whole request head in time
 * (Node's own headersTimeout is only checked every 30 s).
 */
function guardHeads(server: Server, counts: SocketCounts, timeoutMs: number) {
  const waiting = new WeakMap<Duplex, NodeJS.Timeout>();
  const arrived = (socket: Duplex) => {
    clearTimeout(waiting.get(socket));
    waiting.delete(socket);
  };
  server.headersTimeout = Math.min(timeoutMs, REQUEST_TIMEOUT_MS);
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.on("connection", (socket: Socket) => {
    const address = socket.remoteAddress ?? "";
    socket.once("close", () => {
      counts.closed(address);
      arrived(socket);
    });
    if (!counts.connected(address)) {
      socket.destroy();
      return;
    }
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    timer.unref();
    waiting.set(socket, timer);
  });
  server.on("request", (request) => arrived(request.socket));
  return { arrived };
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
