/**
 * The rooms of one server: `/?room=NAME` keeps one class apart from another.
 * Each room has its own sequencer, log and settings; a room is made the first
 * time someone asks for it. Names are case-folded ("CS101" is "cs101").
 *
 * Rooms do not pile up: a room nobody uses (no connection, no board, no
 * scenario running) for IDLE_ROOM_MS is given up, its log closed; its folder
 * stays on disk, holding acknowledged messages, and the room comes back from it
 * when asked for again (a room that never stamped a message has no folder).
 * Past the cap, the longest idle room is given up for a new one. One address
 * may make at most NEW_ROOMS_PER_MINUTE new rooms a minute.
 */
import type { Room } from "./room.ts";
import { DEFAULT_ROOM, foldRoomName } from "./room-names.ts";

export { DEFAULT_ROOM } from "./room-names.ts";

/** Most rooms one server holds at once; past it an idle room is given up, or the new one refused. */
export const MAX_ROOMS = 100;

/** A room unused this long is given up (its folder is kept). */
export const IDLE_ROOM_MS = 10 * 60_000;

/** New rooms one address may make in a minute. */
export const NEW_ROOMS_PER_MINUTE = 10;

const MINUTE_MS = 60_000;

/** Why a room cannot be had now: an HTTP status, a reason for the client, when to try again. */
export class RoomRefusal {
  constructor(
    readonly status: 429 | 503,
    readonly reason: string,
    readonly retryAfterSeconds: number,
  ) {}

  /** The whole HTTP answer to a WebSocket upgrade, ready for `socket.end`. */
  http(): string {
    const text = this.status === 429 ? "Too Many Requests" : "Service Unavailable";
    return `HTTP/1.1 ${this.status} ${text}\r\nRetry-After: ${this.retryAfterSeconds}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${this.reason}\n`;
  }
}

export interface RoomsOptions {
  readonly now?: () => number;
  readonly idleMs?: number;
  readonly newPerMinute?: number;
  /** Where a room that cannot be made is reported in full (the client gets a short reason). */
  readonly report?: (line: string) => void;
}

interface Held {
  readonly room: Room;
  /** When the room was last seen in use. */
  usedAt: number;
}

export class Rooms {
  private readonly rooms = new Map<string, Held>();
  // Per address: the start of its current minute and how many rooms it made in it.
  private readonly made = new Map<string, { since: number; count: number }>();
  private readonly now: () => number;

  constructor(
    private readonly make: (name: string) => Room,
    private readonly max = MAX_ROOMS,
    private readonly options: RoomsOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  /** One room only, already made (tests, benchmarks). */
  static single(room: Room): Rooms {
    const rooms = new Rooms(() => room, 1);
    rooms.open(DEFAULT_ROOM);
    return rooms;
  }

  /**
   * The room with this name (checked against ROOM_PATTERN by the caller), made
   * if need be for a client at `address`; a refusal when the address makes
   * rooms too fast (429), when every room is in use (503), or when the room's
   * log cannot be opened (503). Never throws for a room that cannot be made.
   */
  open(name: string, address?: string): Room | RoomRefusal {
    const key = foldRoomName(name);
    const existing = this.rooms.get(key);
    if (existing) {
      existing.usedAt = this.now();
      return existing.room;
    }
    this.evictIdle();
    if (address !== undefined && !this.mayMake(address)) {
      return new RoomRefusal(429, `too many new rooms from this address; at most ${this.newPerMinute} a minute`, 60);
    }
    if (this.rooms.size >= this.max && !this.evictOne()) return new RoomRefusal(503, "too many rooms in use", 60);
    let room: Room;
    try {
      room = this.make(key);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.options.report?.(`ordercast: room "${key}" cannot open its log: ${message}`);
      const code = (error as NodeJS.ErrnoException).code;
      return new RoomRefusal(503, `room "${key}" is unavailable: its log cannot be opened${code ? ` (${code})` : ""}`, 5);
    }
    this.rooms.set(key, { room, usedAt: this.now() });
    return room;
  }

  /** `open` without an address (no rate limit), null for any refusal. */
  get(name: string): Room | null {
    const room = this.open(name);
    return room instanceof RoomRefusal ? null : room;
  }

  /** The room if it exists, without making it. */
  find(name: string): Room | undefined {
    return this.rooms.get(foldRoomName(name))?.room;
  }

  /** Gives a room up at once (its log failed): connections are cut; asking for it again reopens its log. */
  drop(room: Room): void {
    for (const [key, held] of this.rooms) {
      if (held.room !== room) continue;
      this.rooms.delete(key);
      room.close();
      room.release();
    }
  }

  entries(): IterableIterator<[string, Room]> {
    return [...this.rooms].map(([key, held]): [string, Room] => [key, held.room])[Symbol.iterator]();
  }

  /** Sends every board what changed in its room. */
  pushBoards(): void {
    for (const { room } of this.rooms.values()) room.board.push();
  }

  /** Tells every worker in every room the newest seq, and gives up rooms idle too long. */
  tick(): void {
    for (const { room } of this.rooms.values()) room.tick();
    this.evictIdle();
  }

  private get newPerMinute(): number {
    return this.options.newPerMinute ?? NEW_ROOMS_PER_MINUTE;
  }

  /** Counts one new room for `address`, if it may make one now. */
  private mayMake(address: string): boolean {
    const now = this.now();
    if (this.made.size > 10_000) for (const [a, m] of this.made) if (now - m.since >= MINUTE_MS) this.made.delete(a);
    const mine = this.made.get(address);
    if (!mine || now - mine.since >= MINUTE_MS) {
      this.made.set(address, { since: now, count: 1 });
      return true;
    }
    if (mine.count >= this.newPerMinute) return false;
    mine.count++;
    return true;
  }

  /** Marks rooms in use as used now; gives up those unused for the idle time. */
  private evictIdle(): void {
    const now = this.now();
    const idleMs = this.options.idleMs ?? IDLE_ROOM_MS;
    for (const [key, held] of this.rooms) {
      if (inUse(held.room)) held.usedAt = now;
      else if (key !== DEFAULT_ROOM && now - held.usedAt >= idleMs) this.giveUp(key, held.room);
    }
  }

  /** Gives up the longest unused room for a new one; false when every room is in use. */
  private evictOne(): boolean {
    let oldest: [string, Held] | null = null;
    for (const entry of this.rooms) {
      const [key, held] = entry;
      if (key === DEFAULT_ROOM || inUse(held.room)) continue;
      // Rooms without a message go first: they leave nothing behind.
      const rank = (h: Held) => (h.room.unused ? 0 : 1);
      if (!oldest || rank(held) < rank(oldest[1]) || (rank(held) === rank(oldest[1]) && held.usedAt < oldest[1].usedAt)) {
        oldest = entry;
      }
    }
    if (!oldest) return false;
    this.giveUp(oldest[0], oldest[1].room);
    return true;
  }

  private giveUp(key: string, room: Room): void {
    this.rooms.delete(key);
    room.release();
  }
}

/** Someone is in the room, watches it, or a scenario runs in it. */
function inUse(room: Room): boolean {
  return room.attached > 0 || room.size > 0 || room.board.watched || room.scenarios.state?.state === "running";
}
