/**
 * The HTTP side: the built page (or Vite's dev middleware), and /healthz for
 * scripts and test runners that wait for the server.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import sirv from "sirv";
import type { Room } from "./room.ts";

type Handler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

export function createHttpServer(room: Room): { server: Server; use(handler: Handler): void } {
  let pages: Handler = (_req, _res, next) => next();
  const server = createServer((req, res) => {
    const path = pathOf(req.url);
    if (path === "/healthz") {
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify({ ok: true, workers: room.size, lastSeq: room.lastSeq }));
      return;
    }
    pages(req, res, () => {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found\n");
    });
  });
  return {
    server,
    use(handler) {
      pages = handler;
    },
  };
}

/** The path of a request target, without parsing it as a URL (odd targets must not throw). */
export function pathOf(target: string | undefined): string {
  const path = (target ?? "/").split("?")[0] ?? "/";
  return path.split("#")[0] ?? "/";
}

/** Serves the built page from `dir`; unknown paths get index.html (one-page app). */
export function staticPages(dir: string): Handler {
  return sirv(dir, { single: true, etag: true, gzip: false });
}
