/**
 * Room names as the server keys them: case-folded, so "CS101" and "cs101" are
 * one room (and one log folder; on a case-insensitive disk two rooms would
 * otherwise write the same files).
 */
import { ROOM_PATTERN } from "../shared/protocol.ts";

/** The room everyone is in without `?room=`. */
export const DEFAULT_ROOM = "default";

/** The key of a room name: lower case (names are ASCII, by ROOM_PATTERN). */
export function foldRoomName(name: string): string {
  return name.toLowerCase();
}

/** The room a request's `?room=` names (default "default"), folded; null when it is not a room name. */
export function roomNameOf(query: URLSearchParams): string | null {
  const name = query.get("room") ?? DEFAULT_ROOM;
  return ROOM_PATTERN.test(name) ? foldRoomName(name) : null;
}
