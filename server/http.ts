/**
 * The HTTP side: the built page (or Vite's dev middleware), /healthz for
 * scripts and test runners that wait for the server, /info for the board,
 * and the teacher's exports (export-route.ts). Every answer carries the
 * security headers (security-headers.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import sirv from "sirv";
import { exportRoute } from "./export-route.ts";
import { hostAllowed } from "./origin.ts";
import { roomNameOf } from "./room-names.ts";
import type { Rooms } from "./rooms.ts";
import { isBoardPath, setSecurityHeaders } from "./security-headers.ts";

type Handler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** What /info tells the board: the addresses students on the network can join at. */
export interface ServerInfo {
  readonly urls: readonly string[];
}

export function createHttpServer(
  rooms: Rooms,
  info: () => ServerInfo = () => ({ urls: [] }),
  options: {
    readonly exportIdleMs?: number;
    /** The names the server answers to (hostAllowed); other Hosts get 403 (DNS rebinding). Default: any. */
    readonly hosts?: () => Iterable<string>;
  } = {},
): { server: Server; use(handler: Handler): void } {
  let pages: Handler = (_req, _res, next) => next();
  let dev = false;
  const exports = exportRoute(rooms, options.exportIdleMs);
  // Node checks its header and request timeouts this often (default 30 s): slow sockets go within a second.
  const server = createServer({ connectionsCheckingInterval: 1000 }, (req, res) => {
    const path = pathOf(req.url);
    if (options.hosts && !hostAllowed(req.headers.host, options.hosts())) {
      setSecurityHeaders(res, { host: undefined, page: false, dev });
      res.writeHead(403, { "content-type": "text/plain; charset=utf-8" });
      res.end("host not allowed; add its name with --origin\n");
      return;
    }
    const page = path !== "/healthz" && path !== "/export" && path !== "/info" && !isBoardPath(path);
    setSecurityHeaders(res, { host: req.headers.host, page, dev });
    if (path.includes("//")) {
      // "//board" is "/board" mistyped: send the browser there (one slash each, so never to another host).
      const query = (req.url ?? "").slice(path.length);
      res.writeHead(301, { location: `${path.replace(/\/{2,}/g, "/")}${query}`, "content-type": "text/plain; charset=utf-8" });
      res.end("moved: one slash between parts of the address\n");
      return;
    }
    if (path === "/healthz") {
      // The named room (default: "default"), if it exists, and how many rooms there are.
      const name = roomNameOf(queryOf(req.url));
      if (name === null) {
        res.writeHead(400, { "content-type": "text/plain; charset=utf-8" });
        res.end("room names are 1 to 32 letters, digits, - or _\n");
        return;
      }
      const room = rooms.find(name);
      const all = [...rooms.entries()];
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify({ ok: true, rooms: all.length, room: name, workers: room?.size ?? 0, lastSeq: room?.lastSeq ?? 0 }));
      return;
    }
    if (path === "/export") {
      exports(req, res, queryOf(req.url));
      return;
    }
    if (path === "/info") {
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify(info()));
      return;
    }
    pages(req, res, () => {
      // Not a page after all: it may not be framed either.
      setSecurityHeaders(res, { host: req.headers.host, page: false, dev });
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found\n");
    });
  });
  return {
    server,
    use(handler) {
      pages = handler;
      // Anything but the built page is Vite's dev server, whose page has inline scripts.
      dev = !BUILT_PAGES.has(handler);
    },
  };
}

/** The path of a request target, without parsing it as a URL (odd targets must not throw). */
export function pathOf(target: string | undefined): string {
  const path = (target ?? "/").split("?")[0] ?? "/";
  return path.split("#")[0] ?? "/";
}

/** The query of a request target; malformed escapes are kept as they are, never thrown. */
export function queryOf(target: string | undefined): URLSearchParams {
  const query = (target ?? "").split("?")[1] ?? "";
  return new URLSearchParams(query.split("#")[0] ?? "");
}

/** Serves the built page from `dir`; unknown paths get index.html (one-page app). */
export function staticPages(dir: string): Handler {
  // /board serves board.html; any other unknown path the worker page.
  const handler: Handler = sirv(dir, { single: true, etag: true, gzip: false, extensions: ["html"] });
  BUILT_PAGES.add(handler);
  return handler;
}

/** Handlers that serve the built page (no inline scripts: the strict policy holds). */
const BUILT_PAGES = new WeakSet<Handler>();
