/**
 * Who is in a room: each worker's id (stable for its cid, across reconnects
 * and restarts) and the workers connected now. Ids are reserved in the log a
 * block at a time, so an id handed out before a crash is never given to
 * someone else.
 */
import { randomBytes } from "node:crypto";
import { LANE_KEPT_OFFLINE_MS } from "../../shared/protocol.ts";
import type { Recovered, SequencerLog } from "../log.ts";
import type { Member } from "./types.ts";

/**
 * A cid for a worker that brought none: 128 bits from the operating system's
 * CSPRNG. A cid is a credential (saying hello with it takes the worker's
 * identity over), so it must not be guessable, as a time and a counter are.
 */
export function randomCid(): string {
  return `anon-${randomBytes(16).toString("base64url")}`;
}

/** Worker ids are reserved in the log this many at a time. */
const ID_BLOCK = 1000;

/** Spans away kept per lane (the newest). */
const OFFLINE_SPANS_KEPT = 5;

/** A worker's lane on the board: it stays while the worker is away, up to LANE_KEPT_OFFLINE_MS. */
export interface Lane {
  readonly cid: string;
  readonly id: number;
  /** A scenario bot's name; null for anyone else. */
  name: string | null;
  /** Spans away, [from, to or null while away], on the room's clock; the newest last. */
  readonly offline: [number, number | null][];
  connected: boolean;
}

export class Membership {
  private readonly ids = new Map<string, number>();
  private nextId = 1;
  private idsReserved = 0;
  private readonly members = new Map<string, Member>();
  // By cid, the connected workers and those away less than LANE_KEPT_OFFLINE_MS.
  private readonly laneOf = new Map<string, Lane>();

  constructor(
    private readonly log: SequencerLog,
    /** The room's clock: when workers come and go. */
    private readonly now: () => number = () => 0,
    /** Where anonymous cids come from; a seeded run may pass its own. */
    private readonly newCid: () => string = randomCid,
  ) {}

  /** Takes each sender's id from what the log recovered. Ids given before stay. */
  restore(recovered: Recovered): void {
    for (const [cid, { from }] of recovered.senders) {
      this.ids.set(cid, from);
      this.nextId = Math.max(this.nextId, from + 1);
    }
    // Ids handed out before a crash but never logged must not be given to someone else.
    this.idsReserved = this.log.idsReserved;
    this.nextId = Math.max(this.nextId, this.idsReserved + 1);
  }

  /** A cid for a worker that brought none. */
  anonymousCid(): string {
    // Not the seeded network random: that would make cids guessable from the seed, and take a draw.
    return this.newCid();
  }

  /** The worker id of `cid`, given now if it has none. */
  idFor(cid: string): number {
    const known = this.ids.get(cid);
    if (known !== undefined) return known;
    const id = this.nextId++;
    if (id > this.idsReserved) {
      this.idsReserved = id + ID_BLOCK - 1;
      this.log.reserveIds(this.idsReserved);
    }
    this.ids.set(cid, id);
    return id;
  }

  /** The id `cid` has, if any. */
  idOf(cid: string): number | undefined {
    return this.ids.get(cid);
  }

  /** Forgets the id of a worker that left no trace; it is never reused. */
  forgetId(cid: string): void {
    this.ids.delete(cid);
    this.laneOf.delete(cid);
  }

  get(cid: string): Member | undefined {
    return this.members.get(cid);
  }

  has(cid: string): boolean {
    return this.members.has(cid);
  }

  add(member: Member, name: string | null = null): void {
    this.members.set(member.cid, member);
    const lane = this.laneOf.get(member.cid);
    if (lane && lane.id === member.id) {
      const last = lane.offline.at(-1);
      // A connection replaced by another at once (a reloaded tab) was never away.
      if (last && last[1] === null && last[0] === this.now()) lane.offline.pop();
      else if (last && last[1] === null) last[1] = this.now();
      lane.connected = true;
      // Only a bot's own connection carries its name: another taking the cid is not that bot.
      lane.name = name;
    } else this.laneOf.set(member.cid, { cid: member.cid, id: member.id, name, offline: [], connected: true });
  }

  /** Removes `member`, unless another connection has taken its cid since; its lane stays a while. */
  remove(member: Member): void {
    if (this.members.get(member.cid) !== member) return;
    this.members.delete(member.cid);
    const lane = this.laneOf.get(member.cid);
    if (!lane) return;
    lane.connected = false;
    lane.offline.push([this.now(), null]);
    if (lane.offline.length > OFFLINE_SPANS_KEPT) lane.offline.shift();
  }

  /**
   * The lanes to show: every connected worker, and those away for less than
   * LANE_KEPT_OFFLINE_MS (the rest are dropped now), in the order they first joined.
   */
  lanes(): IterableIterator<Lane> {
    const now = this.now();
    for (const [cid, lane] of this.laneOf) {
      const away = lane.offline.at(-1);
      if (!lane.connected && away && now - away[0] >= LANE_KEPT_OFFLINE_MS) this.laneOf.delete(cid);
    }
    return this.laneOf.values();
  }

  /** A new epoch: the lanes of workers that are not connected go at once (their rows belong to the old one). */
  dropAwayLanes(): void {
    for (const [cid, lane] of this.laneOf) if (!lane.connected) this.laneOf.delete(cid);
  }

  get size(): number {
    return this.members.size;
  }

  values(): IterableIterator<Member> {
    return this.members.values();
  }

  /** A copy, for loops that make members leave. */
  list(): Member[] {
    return [...this.members.values()];
  }
}
