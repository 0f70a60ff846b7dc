/**
 * A room: one sequencer and its log, the workers connected to it, and the
 * simulated network between them. Pure over the injected scheduler, random
 * source, log and a minimal socket interface, so simulations run the real room.
 */

import type { OrderDigest } from "../shared/digest.ts";
import {
  type Board,
  CloseCode,
  type Control,
  type Hello,
  type Nack,
  type NetworkSettings,
  type OrderingMode,
  PROTOCOL_VERSION,
  type Send,
  type Welcome,
} from "../shared/protocol.ts";
import { type Random, seededRandom } from "../shared/random.ts";
import { deliveredLine, processIdLine, queuedLine, sentLine } from "../shared/seed-format.ts";
import { Agreement } from "./agreement.ts";
import { SendIntake } from "./intake.ts";
import { LOG_STRIDE, type LogRecord, type Recovered, type SequencerLog } from "./log.ts";
import { type EventBudget, Mirror, type MirrorHistory } from "./mirror.ts";
import { FlightControl, type Network, type Scheduler, SimulatedLink } from "./netsim.ts";
import { ScenarioRunner } from "./scenarios.ts";
import { Sequencer } from "./sequencer.ts";

/** What a room needs of a connection: the ws adapter in the server, an in-memory pipe in tests. */
export interface WorkerSocket {
  send(frame: string): void;
  close(code: number, reason: string): void;
  /** Bytes queued and not yet sent; catch-up waits while this is high. */
  bufferedAmount?(): number;
}

/** A joined worker. */
export interface Member {
  readonly id: number;
  readonly cid: string;
  /** The server made the cid up (the hello had none). */
  readonly anonymous: boolean;
  /** The worker sent something on this connection. */
  submitted: boolean;
  readonly socket: WorkerSocket;
  readonly uplink: SimulatedLink<Send>;
  readonly downlink: SimulatedLink<Outgoing>;
  connected: boolean;
}

/** A frame on its way down to a worker; a stamped one carries its record, for the worker's mirror. */
interface Outgoing {
  readonly frame: string;
  readonly record?: LogRecord;
  readonly sentAt: number;
}

export interface RoomDeps {
  readonly scheduler: Scheduler;
  readonly random: Random;
  readonly settings: NetworkSettings;
  readonly log: SequencerLog;
  /** Who may change settings and reset the room; null: nobody. */
  readonly teacherKey: string | null;
  /** The room's name, for the board. */
  readonly name?: string;
}

/** Most messages in flight one board message lists. */
const MAX_BOARD_FLIGHTS = 100;

/** Most stamps one board message carries. */
const MAX_BOARD_STAMPS = 500;

/** Mirrors (and exports) are kept for at most this many workers; those of departed workers go first. */
export const MAX_MIRRORS = 1000;

/** Events kept for the exports over the whole room (about 80 bytes each). */
export const ROOM_EVENTS_KEPT = 200_000;

/** Worker ids are reserved in the log this many at a time. */
const ID_BLOCK = 1000;

/** Catch-up is sent in chunks of this many messages (one run of the log each)… */
export const CATCH_UP_CHUNK = LOG_STRIDE;
/** …each only while less than this many bytes wait to be sent to the worker. */
export const CATCH_UP_HIGH_WATER = 1 << 20;

export class Room {
  private settings: NetworkSettings;
  private sequencer!: Sequencer;
  private intake!: SendIntake;
  private readonly ids = new Map<string, number>();
  private nextId = 1;
  private idsReserved = 0;
  private readonly members = new Map<string, Member>();
  private readonly network: Network;
  private closed = false;
  // A reset, or a newer restart, cancels a restart still waiting for the log.
  private restartToken = 0;
  /** Connections attached to this room, joined or not yet (a room with any is not given up). */
  attached = 0;
  private anonymous = 0;
  private restarting = false;
  private mode: OrderingMode = "total";
  // What each worker (by cid) has received and delivered, as far as the sequencer can tell.
  private readonly mirrors = new Map<string, Mirror>();
  // Events all the mirrors may still record for the exports.
  private readonly eventBudget: EventBudget = { left: ROOM_EVENTS_KEPT };
  private readonly agreement = new Agreement();
  private readonly watchers = new Set<WorkerSocket>();
  private stamps: [number, number][] = [];
  /** Every message in flight, for pause, step, slow motion and the teacher's hand. */
  readonly flights: FlightControl;
  private autoRate = 0;
  private random: Random;
  /** The prepared scenarios, run with bots in this room. */
  readonly scenarios: ScenarioRunner;

  constructor(private readonly deps: RoomDeps) {
    this.settings = { ...deps.settings };
    this.random = deps.random;
    const room = this;
    this.network = {
      settings: () => this.settings,
      scheduler: deps.scheduler,
      // A getter: a scenario reseeds the room's network.
      get random() {
        return room.random;
      },
    };
    this.flights = new FlightControl(deps.scheduler);
    this.scenarios = new ScenarioRunner(this, deps.scheduler);
    this.restore(deps.log.recovered);
  }

  /** Starts the sequencer on what the log holds: its last seq, and each sender's id and last send. */
  private restore(recovered: Recovered): void {
    this.sequencer = new Sequencer(this.deps.scheduler.now, recovered.lastSeq);
    this.intake = new SendIntake();
    for (const [cid, { from, n }] of recovered.senders) {
      this.intake.logged(cid, n);
      this.ids.set(cid, from);
      this.nextId = Math.max(this.nextId, from + 1);
    }
    // Ids handed out before a crash but never logged must not be given to someone else.
    this.idsReserved = this.deps.log.idsReserved;
    this.nextId = Math.max(this.nextId, this.idsReserved + 1);
  }

  /** No one here, nothing logged: a room that may be given up for another. */
  get unused(): boolean {
    return (
      this.attached === 0 &&
      this.members.size === 0 &&
      this.watchers.size === 0 &&
      this.sequencer.lastSeq === 0 &&
      this.scenarios.state === null
    );
  }

  /** How many workers are connected. */
  get size(): number {
    return this.members.size;
  }

  /** The last seq workers may know of (durably logged). */
  get lastSeq(): number {
    return this.sequencer.durableSeq;
  }

  get name(): string {
    return this.deps.name ?? "default";
  }

  get epoch(): string {
    return this.deps.log.epoch;
  }

  get networkSettings(): NetworkSettings {
    return { ...this.settings };
  }

  /**
   * Admits a worker: it gets its id (stable for its cid), then the history
   * after `hello.after` (all of it if the worker's epoch is not this room's),
   * in chunks, then every live stamped message through its own simulated
   * downlink. A second connection with the same cid replaces the first.
   */
  join(socket: WorkerSocket, hello: Hello): Member {
    // Made from the clock and a counter, not the seeded network random: unique across restarts, and no draw taken.
    const cid = hello.cid ?? `anon-${Math.floor(this.deps.scheduler.now()).toString(36)}-${(this.anonymous++).toString(36)}`;
    const previous = this.members.get(cid);
    if (previous) {
      this.leave(previous);
      previous.socket.close(CloseCode.Replaced, "another connection took this worker's identity");
    }
    let id = this.ids.get(cid);
    if (id === undefined) {
      id = this.nextId++;
      if (id > this.idsReserved) {
        this.idsReserved = id + ID_BLOCK - 1;
        this.deps.log.reserveIds(this.idsReserved);
      }
      this.ids.set(cid, id);
    }
    const member: Member = {
      id,
      cid,
      socket,
      connected: true,
      anonymous: hello.cid === undefined,
      submitted: false,
      uplink: new SimulatedLink<Send>(this.network, (send) => this.arrive(cid, id, send), {
        flights: this.flights,
        label: (send) => ({ direction: "up", workerId: id, kind: "send", number: send.n }),
      }),
      downlink: new SimulatedLink<Outgoing>(
        this.network,
        (out) => {
          socket.send(out.frame);
          if (out.record) this.observe(cid, id, out.record, out.sentAt);
        },
        {
          flights: this.flights,
          label: (out) => ({ direction: "down", workerId: id, kind: out.record ? "stamped" : "control", number: out.record?.seq ?? 0 }),
        },
      ),
    };
    const through = this.sequencer.durableSeq;
    // Clamped: a resume point past the last seq is no more than the last seq (and costs no more).
    const after = hello.epoch === this.epoch ? Math.min(hello.after ?? 0, through) : 0;
    this.mirrorFor(cid, after);
    const welcome: Welcome = {
      type: "welcome",
      version: PROTOCOL_VERSION,
      workerId: id,
      cid,
      epoch: this.epoch,
      historyThrough: through,
      lastN: this.intake.lastLogged(cid),
      serverTime: this.deps.scheduler.now(),
      network: { ...this.settings },
      mode: this.mode,
      auto: this.autoRate,
      slowdown: this.flights.slowdown,
      paused: this.flights.paused,
    };
    socket.send(JSON.stringify(welcome));
    this.members.set(cid, member);
    this.catchUp(member, after + 1, through);
    return member;
  }

  private catchUp(member: Member, from: number, through: number): void {
    let next = from;
    const pump = () => {
      if (!member.connected) return;
      // One chunk a turn, and only while the connection drains what it has.
      if ((member.socket.bufferedAmount?.() ?? 0) < CATCH_UP_HIGH_WATER) {
        // Chunks end at multiples of CATCH_UP_CHUNK, the log file's index stride: one read each.
        const end = Math.min(through, Math.ceil(next / CATCH_UP_CHUNK) * CATCH_UP_CHUNK);
        // Recent records come from the log's window in memory, older ones from its file.
        for (const record of this.deps.log.read(next, end)) {
          member.socket.send(Sequencer.frame(record));
          this.observe(member.cid, member.id, record, this.deps.scheduler.now());
        }
        next = end + 1;
      }
      // Yield between chunks, so a long history never stalls the server.
      if (next <= through) this.deps.scheduler.after(1, pump);
    };
    pump();
  }

  /** A worker's send enters its uplink; the intake and sequencer take it on arrival. */
  submit(member: Member, send: Send): void {
    member.submitted = true;
    member.uplink.send(send);
  }

  private arrive(cid: string, from: number, send: Send): void {
    if (this.closed || this.restarting) return;
    const ready = this.intake.accept(cid, send.n, send.data);
    if (ready.length === 0) {
      // A resend of something already stamped, or one waiting for an earlier send: say how far we are.
      const logged = this.intake.lastLogged(cid);
      if (logged > 0) this.members.get(cid)?.downlink.send(this.plain(JSON.stringify({ type: "ack", n: logged })));
      return;
    }
    for (const { n, data } of ready) {
      const record = this.sequencer.stamp(from, cid, n, data);
      this.deps.log.append(record, () => this.publish(record));
    }
  }

  /** The record is durable: now every worker may see it, and its sender may forget it. */
  private publish(record: LogRecord): void {
    this.sequencer.markDurable(record.seq);
    this.intake.logged(record.cid, record.n);
    const out: Outgoing = { frame: Sequencer.frame(record), record, sentAt: this.deps.scheduler.now() };
    for (const member of this.members.values()) member.downlink.send(out);
    this.members.get(record.cid)?.downlink.send(this.plain(JSON.stringify({ type: "ack", n: record.n })));
    if (this.stamps.length < MAX_BOARD_STAMPS) this.stamps.push([record.seq, record.time]);
    if (this.watchers.size > 0) this.mirrors.get(record.cid)?.sent(record);
  }

  /** The workers known to the room's mirrors, by id, with what their mirrors recorded. */
  private exported(): { id: number; history: MirrorHistory }[] {
    const workers: { id: number; history: MirrorHistory }[] = [];
    for (const [cid, mirror] of this.mirrors) {
      const id = this.ids.get(cid);
      if (id !== undefined) workers.push({ id, history: mirror.history });
    }
    return workers.sort((a, b) => a.id - b.id);
  }

  /**
   * The whole run as JSON lines: every worker's events, as the sequencer saw them while a board
   * watched (no cids: they are credentials). Yields a chunk per worker, to be streamed.
   */
  *exportRun(): Generator<string> {
    yield `${JSON.stringify({ room: this.name, epoch: this.epoch, mode: this.mode, lastSeq: this.sequencer.durableSeq })}\n`;
    for (const { id, history } of this.exported()) {
      let chunk = "";
      for (const e of history.events) {
        chunk += `${JSON.stringify({ worker: id, event: e.kind, seq: e.seq, n: e.n, data: e.data, time: e.time })}\n`;
      }
      // Memory for exports is bounded: say so where a worker's record stops short.
      if (history.dropped > 0) chunk += `${JSON.stringify({ worker: id, event: "cut", dropped: history.dropped })}\n`;
      yield chunk;
    }
  }

  /** One worker's log in the seed's format, or null for a worker this room does not know. */
  exportSeedLog(workerId: number): string | null {
    const worker = this.exported().find((w) => w.id === workerId);
    if (!worker) return null;
    const lines = [processIdLine(workerId)];
    for (const e of worker.history.events) {
      lines.push(e.kind === "sent" ? sentLine(e.data) : e.kind === "queued" ? queuedLine(e.seq, e.data) : deliveredLine(e.seq, e.data));
    }
    return `${lines.join("\n")}\n`;
  }

  private plain(frame: string): Outgoing {
    return { frame, sentAt: this.deps.scheduler.now() };
  }

  /**
   * The mirror of a worker that resumes after `after`: kept when it is exactly
   * there, else rebuilt from the log (in total order, what was delivered up to
   * `after` is seqs 1..after).
   */
  private mirrorFor(cid: string, after: number): void {
    // Mirrors cost work on every delivery: they are kept only while a board watches.
    if (this.watchers.size === 0) return;
    const existing = this.mirrors.get(cid);
    if (existing && existing.mode === this.mode && (this.mode === "none" || existing.lastDelivered === after)) return;
    this.setMirror(cid, new Mirror(this.mode, this.prefix(after), existing?.history, this.eventBudget));
  }

  /** Keeps a worker's mirror, newest last; past MAX_MIRRORS, the mirror of a departed worker longest unseen goes. */
  private setMirror(cid: string, mirror: Mirror): void {
    this.mirrors.delete(cid);
    this.mirrors.set(cid, mirror);
    if (this.mirrors.size <= MAX_MIRRORS) return;
    for (const oldCid of this.mirrors.keys()) {
      // A joining worker is not a member yet: its own new mirror must not go.
      if (oldCid === cid || this.members.has(oldCid)) continue;
      this.forgetMirror(oldCid);
      return;
    }
  }

  /** Drops a worker's mirror and its exports, giving their events back to the room's budget. */
  private forgetMirror(cid: string): void {
    const mirror = this.mirrors.get(cid);
    if (!mirror) return;
    this.mirrors.delete(cid);
    this.eventBudget.left += mirror.history.events.length;
  }

  /** The digest of seqs 1..through, as a worker that delivered them has it. */
  private prefix(through: number): { through: number; digest: OrderDigest } {
    return { through, digest: this.deps.log.digest(through) };
  }

  /**
   * A first board arrives: mirrors start for every connected worker, each taken
   * to have delivered everything stamped so far (what is still in flight to it
   * is then not drawn). One digest of the history is computed and cloned.
   */
  private startMirrors(): void {
    const prefix = this.prefix(this.mode === "total" ? this.sequencer.durableSeq : 0);
    this.agreement.reset(prefix.through);
    for (const member of this.members.values()) {
      this.setMirror(member.cid, new Mirror(this.mode, prefix, this.mirrors.get(member.cid)?.history, this.eventBudget));
    }
  }

  private observe(cid: string, workerId: number, record: LogRecord, sentAt: number): void {
    if (this.watchers.size === 0) return;
    const mirror = this.mirrors.get(cid);
    if (!mirror) return;
    const before = mirror.delivered;
    const delivered = mirror.arrive(record, sentAt, this.deps.scheduler.now());
    for (const [i, d] of delivered.entries()) this.agreement.record(workerId, before + i + 1, d.seq);
  }

  /** Resends a NACKed range from the log; returns false when the range starts past the last seq. */
  resend(member: Member, nack: Nack): boolean {
    const last = this.sequencer.durableSeq;
    if (nack.from > last) return false;
    const sentAt = this.deps.scheduler.now();
    for (const record of this.deps.log.read(nack.from, Math.min(nack.to, last))) {
      member.downlink.send({ frame: Sequencer.frame(record), record, sentAt });
    }
    return true;
  }

  /** Tells every worker the newest seq, so one that missed the latest messages notices. */
  tick(): void {
    const out = this.plain(JSON.stringify({ type: "head", seq: this.sequencer.durableSeq }));
    for (const member of this.members.values()) member.downlink.send(out);
  }

  /** Whether `key` is the teacher key (compared in constant time). */
  holdsKey(key: string): boolean {
    const expected = this.deps.teacherKey;
    if (expected === null) return false;
    // The time taken does not depend on where the key differs, nor on its length.
    let difference = key.length ^ expected.length;
    for (let i = 0; i < expected.length; i++) difference |= (key.charCodeAt(i) || 0) ^ expected.charCodeAt(i);
    return difference === 0;
  }

  get orderingMode(): OrderingMode {
    return this.mode;
  }

  /**
   * Changes the network settings live and tells every worker and board. A new
   * ordering mode also resets the room, so every worker starts afresh in it.
   * The caller checked the key.
   */
  configure(change: Partial<NetworkSettings>, mode?: OrderingMode): void {
    this.settings = { ...this.settings, ...change };
    if (mode !== undefined && mode !== this.mode) {
      this.mode = mode;
      this.reset();
    }
    this.announceSettings();
  }

  /** The settings as every worker and board should know them now. */
  settingsFrame(): string {
    return JSON.stringify({
      type: "settings",
      network: this.settings,
      mode: this.mode,
      auto: this.autoRate,
      slowdown: this.flights.slowdown,
      paused: this.flights.paused,
    });
  }

  private announceSettings(): void {
    const frame = this.settingsFrame();
    for (const member of this.members.values()) member.socket.send(frame);
    for (const watcher of this.watchers) watcher.send(frame);
  }

  /** Draws the network's randomness from `seed` from now on (a scenario replays from its seed). */
  reseed(seed: number): void {
    this.random = seededRandom(seed);
  }

  /** The teacher's hand on the network. Returns false when the message is no longer in flight. The caller checked the key. */
  control(control: Control): boolean {
    const flights = this.flights;
    switch (control.action) {
      case "pause":
        flights.pause();
        this.announceSettings();
        return true;
      case "resume":
        flights.resume();
        this.announceSettings();
        return true;
      case "step":
        return flights.step();
      case "slow":
        flights.slowdown = control.factor;
        this.announceSettings();
        return true;
      case "scenario":
        this.scenarios.start(control.scenario, control.seed);
        return true;
      case "autosend":
        this.autoRate = control.rate;
        this.announceSettings();
        return true;
      case "hold":
        return flights.hold(control.id);
      case "release":
        return flights.release(control.id);
      case "drop":
        return flights.drop(control.id);
      case "duplicate":
        return flights.duplicate(control.id);
      case "deliver":
        return flights.deliverNow(control.id);
    }
  }

  /** A board watches the room: it gets the whole picture now, then what changes. */
  watch(socket: WorkerSocket): void {
    if (this.watchers.size === 0) this.startMirrors();
    this.watchers.add(socket);
    socket.send(JSON.stringify(this.boardMessage(true)));
  }

  unwatch(socket: WorkerSocket): void {
    this.watchers.delete(socket);
    // The last board left: keep the mirrors' exports, but stop the work of keeping them current.
  }

  /** Sends every board what changed since the last time (called a few times a second). */
  pushBoard(): void {
    if (this.watchers.size === 0) {
      this.forgetChanges();
      return;
    }
    const frame = JSON.stringify(this.boardMessage(false));
    for (const watcher of this.watchers) watcher.send(frame);
  }

  private forgetChanges(): void {
    for (const mirror of this.mirrors.values()) mirror.changed.clear();
    this.stamps = [];
  }

  /** The board's view: each connected worker, agreement, and the lane rows (all, or those changed). */
  boardMessage(everything: boolean): Board {
    const rows: Board["rows"] = [];
    const workers: Board["workers"] = [];
    let through = Number.POSITIVE_INFINITY;
    for (const member of this.members.values()) {
      const mirror = this.mirrors.get(member.cid);
      if (!mirror) continue;
      through = Math.min(through, mirror.delivered);
      workers.push({ id: member.id, connected: true, delivered: mirror.delivered, digest: mirror.orderDigest, held: mirror.held() });
      const seqs = everything ? mirror.rows.keys() : mirror.changed.values();
      for (const seq of seqs) {
        const row = mirror.rows.get(seq);
        if (row) rows.push([member.id, row.seq, row.sentAt, row.arrivedAt, row.deliveredAt]);
      }
    }
    if (Number.isFinite(through)) this.agreement.forgetThrough(through);
    const stamps: Board["stamps"] = everything ? this.recentRecords().map((r): [number, number] => [r.seq, r.time]) : this.stamps;
    // A full picture for a new board must not take the changes the other boards have not had yet.
    if (!everything) this.forgetChanges();
    const difference = this.agreement.difference;
    const flights: Board["flights"] = this.flights
      .soonest(MAX_BOARD_FLIGHTS, (f) => f.kind !== "control")
      .map((f) => [f.id, f.direction, f.workerId, f.number, f.dueAt, f.held]);
    return {
      type: "board",
      room: this.name,
      paused: this.flights.paused,
      slowdown: this.flights.slowdown,
      auto: this.autoRate,
      flights,
      scenario: this.scenarios.state,
      now: this.deps.scheduler.now(),
      epoch: this.epoch,
      lastSeq: this.sequencer.durableSeq,
      network: { ...this.settings },
      mode: this.mode,
      workers,
      agreement: difference
        ? { agree: false, position: difference.position, workers: [difference.workers[0], difference.workers[1]] }
        : { agree: true, through: Number.isFinite(through) ? through : 0 },
      stamps,
      rows,
    };
  }

  private recentRecords(): LogRecord[] {
    const last = this.sequencer.durableSeq;
    return this.deps.log.read(last - MAX_BOARD_STAMPS + 1, last);
  }

  /** Empties the room's log and starts a new epoch; every worker is disconnected to rejoin. The caller checked the key. */
  reset(): void {
    this.restartToken++;
    // A restart waiting for the log is cancelled: sends are taken again.
    this.restarting = false;
    this.flights.forget();
    this.deps.log.reset();
    this.restore(this.deps.log.recovered);
    this.mirrors.clear();
    this.eventBudget.left = ROOM_EVENTS_KEPT;
    this.agreement.reset();
    this.stamps = [];
    for (const member of [...this.members.values()]) {
      this.leave(member);
      // Sends still on their way up belong to the old epoch: they must not be stamped into the new one.
      member.uplink.close();
      member.socket.close(CloseCode.RoomReset, "the room was reset");
    }
  }

  /** The room is given up (it was unused): its log's files are closed. */
  release(): void {
    this.deps.log.close().catch(() => {});
  }

  /** Stops the room as a crash would: every connection is cut and nothing in flight arrives. */
  close(): void {
    this.closed = true;
    for (const member of [...this.members.values()]) {
      this.leave(member);
      member.uplink.close();
      member.socket.close(1012, "sequencer stopped");
    }
  }

  /**
   * The sequencer restarts on its log, as after a crash: every connection is
   * cut (workers reconnect and resume), everything in flight and not yet
   * logged is gone, and it carries on from its last durable seq.
   */
  restart(token = ++this.restartToken): void {
    if (token !== this.restartToken) return;
    // Take no new sends (workers resend them later) and let what is being logged land first.
    this.restarting = true;
    if (this.sequencer.lastSeq > this.sequencer.durableSeq) {
      this.deps.scheduler.after(10, () => this.restart(token));
      return;
    }
    this.restarting = false;
    for (const member of [...this.members.values()]) {
      this.leave(member);
      member.uplink.close();
      member.socket.close(1012, "the sequencer is restarting");
    }
    this.flights.clear();
    this.restore(this.deps.log.recovered);
  }

  /** The worker is gone: nothing more is sent to it. Its sends still in flight arrive. */
  leave(member: Member): void {
    member.connected = false;
    member.downlink.close();
    if (this.members.get(member.cid) === member) this.members.delete(member.cid);
    // An anonymous worker that sent nothing, with no board to export it, leaves no trace: its id
    // is not kept (nor ever reused; should it come back under its cid, it gets a new one).
    if (member.anonymous && !member.submitted && this.intake.lastLogged(member.cid) === 0 && this.watchers.size === 0) {
      this.ids.delete(member.cid);
      this.forgetMirror(member.cid);
    }
  }
}
