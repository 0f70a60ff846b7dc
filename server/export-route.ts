/**
 * GET /export: the board's exports, for the teacher only. `?room=NAME` for
 * the whole run (JSON lines), `&worker=ID` for one worker's seed-format log.
 *
 * The key comes as the `X-Ordercast-Key` header or `?key=` (the board's links
 * are plain downloads, so the query); without it, 403. An export is streamed a
 * worker at a time, waiting for the reader to drain each chunk, so a reader
 * that never reads holds one chunk, not the run; one that stalls for
 * EXPORT_IDLE_MS is cut off. One export at a time per room: a second gets 429
 * with Retry-After.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Room } from "./room.ts";
import { roomNameOf } from "./room-names.ts";
import type { Rooms } from "./rooms.ts";

/** An export whose reader takes nothing for this long is cut off. */
export const EXPORT_IDLE_MS = 30_000;

/** The header that may carry the teacher key (the query's `key` is the other way). */
export const KEY_HEADER = "x-ordercast-key";

export function exportRoute(rooms: Rooms, idleMs = EXPORT_IDLE_MS) {
  const busy = new Set<Room>();
  const plain = (res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...headers });
    res.end(`${text}\n`);
  };

  return (req: IncomingMessage, res: ServerResponse, query: URLSearchParams): void => {
    const name = roomNameOf(query);
    const room = name === null ? undefined : rooms.find(name);
    const header = req.headers[KEY_HEADER];
    const key = (typeof header === "string" ? header : null) ?? query.get("key") ?? "";
    if (name === null) plain(res, 400, "room names are 1 to 32 letters, digits, - or _");
    else if (!room) plain(res, 404, "no such room");
    else if (!room.teacher.holdsKey(key)) plain(res, 403, "the teacher key is needed to export");
    else if (busy.has(room)) plain(res, 429, "an export of this room is under way; try again shortly", { "retry-after": "5" });
    else send(room, name, query.get("worker"), res);
  };

  function send(room: Room, name: string, worker: string | null, res: ServerResponse): void {
    const chunks = worker === null ? room.board.exportRun() : room.board.exportSeedLog(Number(worker));
    if (chunks === null) {
      plain(res, 404, "no such worker");
      return;
    }
    const file = worker === null ? `ordercast-${name}-run.jsonl` : `ordercast-${name}-worker-${Number(worker)}.log`;
    res.writeHead(200, {
      "content-type": "text/plain; charset=utf-8",
      "content-disposition": `attachment; filename="${file}"`,
      "cache-control": "no-store",
    });
    busy.add(room);
    res.setTimeout(idleMs, () => res.destroy());
    stream(res, typeof chunks === "string" ? [chunks] : chunks).finally(() => busy.delete(room));
  }
}

/** Writes every chunk, waiting for the reader to drain each full buffer; stops when the reader is gone. */
async function stream(res: ServerResponse, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (res.destroyed) return;
    if (!res.write(chunk)) await either(res, "drain");
  }
  if (res.destroyed) return;
  res.end();
  await either(res, "finish");
}

/** Resolves on `event`, or when the response closes first (the reader left, or was cut off). */
function either(res: ServerResponse, event: "drain" | "finish"): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off(event, done);
      res.off("close", done);
      resolve();
    };
    res.on(event, done);
    res.on("close", done);
  });
}
