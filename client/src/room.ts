import { ROOM_PATTERN, WS_PATH } from "../../shared/protocol.ts";

/** The room named by the page's `?room=` (default "default"), or why the name cannot be used. */
export function roomOf(search: string): { room: string } | { error: string } {
  const name = new URLSearchParams(search).get("room") ?? "default";
  if (!ROOM_PATTERN.test(name)) return { error: `"${name.slice(0, 40)}" is not a room name: use 1 to 32 letters, digits, - or _.` };
  // Room names are case-folded, as the server folds them: "CS101" and "cs101" are one room.
  return { room: name.toLowerCase() };
}

/** The WebSocket address of a room on the server that served this page. */
export function socketUrl(location: { protocol: string; host: string }, room: string): string {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${location.host}${WS_PATH}${room === "default" ? "" : `?room=${encodeURIComponent(room)}`}`;
}
