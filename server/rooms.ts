/**
 * The rooms of one server: `/?room=NAME` keeps one class apart from another.
 * Each room has its own sequencer, log and settings; a room is made the first
 * time someone asks for it, up to a cap.
 */
import type { Room } from "./room.ts";

export const DEFAULT_ROOM = "default";

/** Most rooms one server holds; asking for one more is refused. */
export const MAX_ROOMS = 100;

export class Rooms {
  private readonly rooms = new Map<string, Room>();

  constructor(
    private readonly make: (name: string) => Room,
    private readonly max = MAX_ROOMS,
  ) {}

  /** One room only, already made (tests, benchmarks). */
  static single(room: Room): Rooms {
    const rooms = new Rooms(() => room, 1);
    rooms.get(DEFAULT_ROOM);
    return rooms;
  }

  /** The room with this name (checked by the caller), made if need be; null past the cap. */
  get(name: string): Room | null {
    const existing = this.rooms.get(name);
    if (existing) return existing;
    if (this.rooms.size >= this.max) {
      // Rooms someone opened and left without a message do not count against the cap.
      const unused = [...this.rooms].find(([key, room]) => key !== DEFAULT_ROOM && room.unused);
      if (!unused) return null;
      this.rooms.delete(unused[0]);
      unused[1].release();
    }
    const room = this.make(name);
    this.rooms.set(name, room);
    return room;
  }

  /** The room if it exists, without making it. */
  find(name: string): Room | undefined {
    return this.rooms.get(name);
  }

  entries(): IterableIterator<[string, Room]> {
    return this.rooms.entries();
  }

  /** Sends every board what changed in its room. */
  pushBoards(): void {
    for (const room of this.rooms.values()) room.board.push();
  }

  /** Tells every worker in every room the newest seq. */
  tick(): void {
    for (const room of this.rooms.values()) room.tick();
  }
}
