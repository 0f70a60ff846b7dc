/**
 * The HTTP side: the built page (or Vite's dev middleware), and /healthz for
 * scripts and test runners that wait for the server.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import sirv from "sirv";
import { DEFAULT_ROOM, type Rooms } from "./rooms.ts";

type Handler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** What /info tells the board: the addresses students on the network can join at. */
export interface ServerInfo {
  readonly urls: readonly string[];
}

export function createHttpServer(
  rooms: Rooms,
  info: () => ServerInfo = () => ({ urls: [] }),
): { server: Server; use(handler: Handler): void } {
  let pages: Handler = (_req, _res, next) => next();
  const server = createServer((req, res) => {
    const path = pathOf(req.url);
    if (path === "/healthz") {
      // The named room (default: "default"), if it exists, and how many rooms there are.
      const name = queryOf(req.url).get("room") ?? DEFAULT_ROOM;
      const room = rooms.find(name);
      const all = [...rooms.entries()];
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify({ ok: true, rooms: all.length, room: name, workers: room?.size ?? 0, lastSeq: room?.lastSeq ?? 0 }));
      return;
    }
    if (path === "/export") {
      // The board's exports: ?room=NAME for the whole run (JSON lines), &worker=ID for one worker's seed-format log.
      const query = queryOf(req.url);
      const name = query.get("room") ?? DEFAULT_ROOM;
      const room = rooms.find(name);
      const worker = query.get("worker");
      const chunks = !room ? null : worker === null ? room.board.exportRun() : room.board.exportSeedLog(Number(worker));
      if (chunks === null) {
        res.writeHead(404, { "content-type": "text/plain" });
        res.end(`no such ${room ? "worker" : "room"}\n`);
        return;
      }
      const file = worker === null ? `ordercast-${name}-run.jsonl` : `ordercast-${name}-worker-${Number(worker)}.log`;
      res.writeHead(200, {
        "content-type": "text/plain; charset=utf-8",
        "content-disposition": `attachment; filename="${file}"`,
        "cache-control": "no-store",
      });
      // Streamed a worker at a time: a long run never becomes one huge string.
      for (const chunk of typeof chunks === "string" ? [chunks] : chunks) res.write(chunk);
      res.end();
      return;
    }
    if (path === "/info") {
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify(info()));
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

/** The query of a request target; malformed escapes are kept as they are, never thrown. */
export function queryOf(target: string | undefined): URLSearchParams {
  const query = (target ?? "").split("?")[1] ?? "";
  return new URLSearchParams(query.split("#")[0] ?? "");
}

/** Serves the built page from `dir`; unknown paths get index.html (one-page app). */
export function staticPages(dir: string): Handler {
  // /board serves board.html; any other unknown path the worker page.
  return sirv(dir, { single: true, etag: true, gzip: false, extensions: ["html"] });
}
