/**
 * The board feed: what the teacher's board sees of a room. While a board
 * watches, a mirror of each worker (run by the sequencer, from what it sent
 * down to it) tells what the worker received and delivered; the agreement
 * tracker and the order classes compare their orders. Boards get the whole
 * picture when they arrive, then what changed, a few times a second.
 */
import type { OrderDigest } from "../../shared/digest.ts";
import { ordering } from "../../shared/ordering/modes.ts";
import { type Board, type OrderingMode, serverFrame } from "../../shared/protocol.ts";
import { Agreement } from "../agreement.ts";
import type { LogRecord, SequencerLog } from "../log.ts";
import { type EventBudget, Mirror } from "../mirror.ts";
import { RecentDigests } from "../mirror-digests.ts";
import type { FlightControl } from "../netsim.ts";
import { BoardRows } from "./board-rows.ts";
import { runLines, seedLog, type WorkerHistory } from "./exports.ts";
import type { Lane } from "./membership.ts";
import { OrderNotices } from "./order-notices.ts";
import { OrderClasses } from "./orders.ts";
import type { Member, WorkerSocket } from "./types.ts";

/** Most stamps one board message carries. */
const MAX_BOARD_STAMPS = 500;
/** Most messages in flight one board message lists. */
const MAX_BOARD_FLIGHTS = 100;

/** Mirrors (and exports) are kept for at most this many workers; those of departed workers go first. */
export const MAX_MIRRORS = 1000;

/** Events kept for the exports over the whole room (about 80 bytes each). */
export const ROOM_EVENTS_KEPT = 200_000;

/** The room-wide part of a board message that the room itself knows. */
export type RoomPicture = Pick<Board, "room" | "epoch" | "scenario" | "network" | "mode" | "auto" | "slowdown" | "paused">;

/** What the feed needs of its room. */
export interface BoardHost {
  readonly log: SequencerLog;
  readonly now: () => number;
  mode(): OrderingMode;
  durableSeq(): number;
  members(): Iterable<Member>;
  /** The lanes to show: connected workers, and those away a short while. */
  lanes(): Iterable<Lane>;
  isMember(cid: string): boolean;
  idOf(cid: string): number | undefined;
  readonly flights: FlightControl;
  picture(): RoomPicture;
  /** The seq the room follows, or null. */
  followed(): number | null;
}

export class BoardFeed {
  // What each worker (by cid) has received and delivered, as far as the sequencer can tell.
  private readonly mirrors = new Map<string, Mirror>();
  // Events all the mirrors may still record for the exports.
  private readonly eventBudget: EventBudget = { left: ROOM_EVENTS_KEPT };
  private readonly agreement = new Agreement();
  private readonly watchers = new Set<WorkerSocket>();
  private stamps: Board["stamps"] = [];
  // Which workers delivered the same order (the colours), and what each was told of its own.
  private readonly orders = new OrderClasses();
  private readonly notices = new OrderNotices();
  // The recent prefixes' digests, shared by the mirrors in total order (one hash per message, not per delivery).
  private readonly recent: RecentDigests;
  // Which lane rows the board messages carry.
  private readonly rows = new BoardRows();

  constructor(private readonly host: BoardHost) {
    this.recent = new RecentDigests((through) => host.log.digest(through));
  }

  /** Whether any board watches. */
  get watched(): boolean {
    return this.watchers.size > 0;
  }

  /**
   * Mirrors cost work on every delivery, and are kept current only while a board watches, or with
   * ordering off: then orders differ, and each tab is told its order's colour (in total order it is 0).
   */
  get mirroring(): boolean {
    return this.watchers.size > 0 || this.host.mode() === "none";
  }

  /** A board watches the room: it gets the whole picture now, then what changes. */
  watch(socket: WorkerSocket): void {
    if (!this.mirroring) this.startMirrors();
    this.watchers.add(socket);
    socket.send(serverFrame(this.message(true)));
  }

  /** The last board to leave keeps the mirrors' exports, but stops the work of keeping them current. */
  unwatch(socket: WorkerSocket): void {
    this.watchers.delete(socket);
  }

  /** Sends `frame` to every board. */
  broadcast(frame: string): void {
    for (const watcher of this.watchers) watcher.send(frame);
  }

  /** Sends every board what changed since the last time, and each worker its colour if it changed. */
  push(): void {
    if (this.mirroring) this.notify();
    if (this.watchers.size === 0) {
      this.forgetChanges();
      return;
    }
    this.broadcast(serverFrame(this.message(false)));
  }

  /** A record became durable: the board draws its stamp (sent at `sentAt`), and its sender's mirror records the send. */
  stamped(record: LogRecord, sentAt = record.time): void {
    if (this.stamps.length < MAX_BOARD_STAMPS) this.stamps.push([record.seq, record.time, record.from, sentAt]);
    if (!this.mirroring) return;
    this.recent.add(record.seq, record.data);
    this.mirrors.get(record.cid)?.sent(record);
  }

  /** A stamped record reached worker `member` (sent down `sentAt`). */
  observe(member: Member, record: LogRecord, sentAt: number): void {
    if (!this.mirroring) return;
    const mirror = this.mirrors.get(member.cid);
    if (!mirror) return;
    const before = mirror.delivered;
    const delivered = mirror.arrive(record, sentAt, this.host.now());
    for (const [i, d] of delivered.entries()) {
      this.agreement.record(member.id, before + i + 1, d.seq);
      this.orders.deliver(member.id, d.seq);
    }
  }

  /**
   * The mirror of a worker that resumes after `after`: kept when it is exactly
   * there, else rebuilt from the log (in total order, what was delivered up to
   * `after` is seqs 1..after).
   */
  resume(cid: string, after: number): void {
    if (!this.mirroring) return;
    const mode = this.host.mode();
    const existing = this.mirrors.get(cid);
    const id = this.host.idOf(cid);
    if (existing?.continues(mode, after)) {
      // Back after its lane was dropped: its order is compared again from where it stands.
      if (id !== undefined && !this.orders.has(id)) this.orders.place(id, existing.delivered);
      return;
    }
    const mirror = new Mirror(mode, this.prefix(after), existing?.history, this.eventBudget, this.recent);
    this.setMirror(cid, mirror);
    if (id !== undefined) this.orders.place(id, mirror.delivered);
  }

  /** Drops a worker's mirror and its exports, giving their events back to the room's budget. */
  forget(cid: string): void {
    const mirror = this.mirrors.get(cid);
    if (!mirror) return;
    this.mirrors.delete(cid);
    this.eventBudget.left += mirror.history.events.length;
  }

  /** A new epoch: nothing recorded so far belongs to it. */
  reset(): void {
    this.mirrors.clear();
    this.eventBudget.left = ROOM_EVENTS_KEPT;
    this.agreement.reset();
    this.orders.reset();
    this.recent.reset();
    this.stamps = [];
  }

  /** The whole run as JSON lines, as the sequencer saw it while a board watched. Yields a chunk per worker. */
  exportRun(): Generator<string> {
    const { room, epoch, mode } = this.host.picture();
    return runLines({ room, epoch, mode, lastSeq: this.host.durableSeq() }, this.histories());
  }

  /** One worker's log in the seed's format, or null for a worker this room does not know. */
  exportSeedLog(workerId: number): string | null {
    return seedLog(this.histories(), workerId);
  }

  /** The workers the mirrors know, by id, with what they recorded. */
  private histories(): WorkerHistory[] {
    const workers: WorkerHistory[] = [];
    for (const [cid, mirror] of this.mirrors) {
      const id = this.host.idOf(cid);
      if (id !== undefined) workers.push({ id, history: mirror.history });
    }
    return workers.sort((a, b) => a.id - b.id);
  }

  /** Keeps a worker's mirror, newest last; past MAX_MIRRORS, the mirror of a departed worker longest unseen goes. */
  private setMirror(cid: string, mirror: Mirror): void {
    this.mirrors.delete(cid);
    this.mirrors.set(cid, mirror);
    if (this.mirrors.size <= MAX_MIRRORS) return;
    for (const oldCid of this.mirrors.keys()) {
      // A joining worker is not a member yet: its own new mirror must not go.
      if (oldCid === cid || this.host.isMember(oldCid)) continue;
      this.forget(oldCid);
      return;
    }
  }

  /** The digest of seqs 1..through, as a worker that delivered them has it. */
  private prefix(through: number): { through: number; digest: OrderDigest } {
    return { through, digest: this.host.log.digest(through) };
  }

  /**
   * A first board arrives: mirrors start for every connected worker, each taken
   * to have delivered everything stamped so far (what is still in flight to it
   * is then not drawn). One digest of the history is computed and cloned.
   */
  private startMirrors(): void {
    const mode = this.host.mode();
    const prefix = this.prefix(ordering(mode).prefixThrough(this.host.durableSeq()));
    this.agreement.reset(prefix.through);
    this.orders.reset();
    for (const member of this.host.members()) {
      this.setMirror(member.cid, new Mirror(mode, prefix, this.mirrors.get(member.cid)?.history, this.eventBudget, this.recent));
      this.orders.place(member.id, prefix.through);
    }
  }

  /** Tells each connected worker its order's colour and its lag, when they changed. */
  private notify(): void {
    // A lane that went is no order any more: its colour may go to the next new one.
    this.orders.keepOnly(new Set(Array.from(this.host.lanes(), (lane) => lane.id)));
    this.orders.compact();
    const last = this.host.durableSeq();
    for (const member of this.host.members()) {
      const mirror = this.mirrors.get(member.cid);
      if (mirror) this.notices.update(member.socket, this.orders.colour(member.id), Math.max(0, last - mirror.delivered));
    }
  }

  private forgetChanges(): void {
    for (const mirror of this.mirrors.values()) mirror.changed.clear();
    this.stamps = [];
  }

  /** The board's view: the room's picture, each worker's lane (away ones too, a while), agreement, and lane rows (board-rows.ts). */
  message(everything: boolean): Board {
    const rows: Board["rows"] = [];
    const workers: Board["workers"] = [];
    let through = Number.POSITIVE_INFINITY;
    const lastSeq = this.host.durableSeq();
    const followed = this.host.followed();
    for (const lane of this.host.lanes()) {
      const mirror = this.mirrors.get(lane.cid);
      if (!mirror) continue;
      const { id, name, connected, delivered } = { ...lane, delivered: mirror.delivered };
      if (connected) through = Math.min(through, delivered);
      const offline = lane.offline.map(([from, to]): [number, number | null] => [from, to]);
      const colour = this.orders.colour(id);
      workers.push({
        id,
        connected,
        delivered,
        digest: mirror.orderDigest,
        held: mirror.held(),
        name,
        offline,
        colour,
        lag: lastSeq - delivered,
      });
      this.rows.add(rows, workers.length - 1, id, mirror, everything, followed);
    }
    if (Number.isFinite(through)) this.agreement.forgetThrough(through);
    const stamps: Board["stamps"] = everything ? this.recentStamps() : this.stamps;
    // A full picture for a new board must not take the changes the other boards have not had yet.
    if (!everything) this.forgetChanges();
    const difference = this.agreement.difference;
    return {
      type: "board",
      ...this.host.picture(),
      now: this.host.now(),
      lastSeq,
      followed,
      flights: this.host.flights
        .soonest(MAX_BOARD_FLIGHTS, (f) => f.kind !== "control")
        .map((f): Board["flights"][number] => [f.id, f.direction, f.workerId, f.number, f.dueAt, f.held]),
      workers,
      agreement: difference
        ? { agree: false, position: difference.position, workers: [difference.workers[0], difference.workers[1]] }
        : { agree: true, through: Number.isFinite(through) ? through : 0 },
      stamps,
      rows,
    };
  }

  /** From the log, which does not know when a send left its sender: its stamp time stands in. */
  private recentStamps(): Board["stamps"] {
    const last = this.host.durableSeq();
    return this.host.log.read(last - MAX_BOARD_STAMPS + 1, last).map((r): Board["stamps"][number] => [r.seq, r.time, r.from, r.time]);
  }
}
