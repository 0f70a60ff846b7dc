/**
 * A room: one sequencer and its log, the workers connected to it, and the
 * simulated network between them. Pure over the injected scheduler, random
 * source, log and a minimal socket interface, so simulations run the real room.
 *
 * This file wires the room's parts together; each concern has its own file in
 * room/: membership, catch-up, the stamping pipeline, the board feed, exports
 * and the teacher's controls.
 */
import type { Board, Control, Hello, Nack, NetworkSettings, OrderingMode, Send, Welcome } from "../shared/protocol.ts";
import { CloseCode, PROTOCOL_VERSION } from "../shared/protocol.ts";
import { type Random, seededRandom } from "../shared/random.ts";
import type { LogRecord, SequencerLog } from "./log.ts";
import { FlightControl, type Network, type Scheduler, SimulatedLink } from "./netsim.ts";
import { pipeTo } from "./pipe.ts";
import { BoardFeed } from "./room/board-feed.ts";
import { catchUp } from "./room/catch-up.ts";
import { runLines, seedLog } from "./room/exports.ts";
import { Membership } from "./room/membership.ts";
import { StampingPipeline } from "./room/stamping.ts";
import { TeacherControls } from "./room/teacher.ts";
import type { Member, Outgoing, WorkerSocket } from "./room/types.ts";
import { ScenarioRunner } from "./scenarios.ts";
import { Sequencer } from "./sequencer.ts";

export { MAX_MIRRORS, ROOM_EVENTS_KEPT } from "./room/board-feed.ts";
export { CATCH_UP_CHUNK, CATCH_UP_HIGH_WATER } from "./room/catch-up.ts";
export type { Member, WorkerSocket } from "./room/types.ts";

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

export class Room {
  private readonly membership: Membership;
  private readonly stamping: StampingPipeline;
  private readonly feed: BoardFeed;
  private readonly teacher: TeacherControls;
  private readonly network: Network;
  private closed = false;
  private restarting = false;
  // A reset, or a newer restart, cancels a restart still waiting for the log.
  private restartToken = 0;
  /** Connections attached to this room, joined or not yet (a room with any is not given up). */
  attached = 0;
  private random: Random;
  /** Every message in flight, for pause, step, slow motion and the teacher's hand. */
  readonly flights: FlightControl;
  /** The prepared scenarios, run with bots in this room. */
  readonly scenarios: ScenarioRunner;

  constructor(private readonly deps: RoomDeps) {
    const { scheduler, log } = deps;
    this.random = deps.random;
    const room = this;
    this.network = {
      settings: () => this.teacher.network,
      scheduler,
      // A getter: a scenario reseeds the room's network.
      get random() {
        return room.random;
      },
    };
    this.flights = new FlightControl(scheduler);
    this.membership = new Membership(log, scheduler.now);
    this.stamping = new StampingPipeline(log, scheduler.now, {
      published: (record) => this.publish(record),
      alreadyLogged: (cid, n) => this.membership.get(cid)?.downlink.send(this.plain(JSON.stringify({ type: "ack", n }))),
      taking: () => !this.closed && !this.restarting,
    });
    this.feed = new BoardFeed({
      log,
      now: scheduler.now,
      mode: () => this.teacher.mode,
      durableSeq: () => this.stamping.durableSeq,
      members: () => this.membership.values(),
      isMember: (cid) => this.membership.has(cid),
      picture: () => this.picture(),
    });
    this.teacher = new TeacherControls(deps.teacherKey, deps.settings, {
      flights: this.flights,
      startScenario: (id, seed) => this.scenarios.start(id, seed),
      announce: () => this.announceSettings(),
    });
    // Scenarios drive the room through a narrow stage of their own.
    this.scenarios = new ScenarioRunner(
      {
        lastSeq: () => this.lastSeq,
        epoch: () => this.epoch,
        reset: () => this.reset(),
        reseed: (seed) => this.reseed(seed),
        configure: (network) => this.configure(network),
        restart: () => this.restart(),
        loseNext: (direction, workerId, number) => this.flights.loseNext(direction, workerId, number),
        connect: (handlers) => pipeTo(this, handlers, scheduler),
      },
      scheduler,
    );
    this.restore();
  }

  /** Starts on what the log holds: its last seq, and each sender's id and last send. */
  private restore(): void {
    this.stamping.restore(this.deps.log.recovered);
    this.membership.restore(this.deps.log.recovered);
  }

  /** No one here, nothing logged: a room that may be given up for another. */
  get unused(): boolean {
    return (
      this.attached === 0 &&
      this.membership.size === 0 &&
      !this.feed.watched &&
      this.stamping.lastSeq === 0 &&
      this.scenarios.state === null
    );
  }

  /** How many workers are connected. */
  get size(): number {
    return this.membership.size;
  }

  /** The last seq workers may know of (durably logged). */
  get lastSeq(): number {
    return this.stamping.durableSeq;
  }

  get name(): string {
    return this.deps.name ?? "default";
  }

  get epoch(): string {
    return this.deps.log.epoch;
  }

  get networkSettings(): NetworkSettings {
    return { ...this.teacher.network };
  }

  get orderingMode(): OrderingMode {
    return this.teacher.mode;
  }

  /**
   * Admits a worker: it gets its id (stable for its cid), then the history
   * after `hello.after` (all of it if the worker's epoch is not this room's),
   * in chunks, then every live stamped message through its own simulated
   * downlink. A second connection with the same cid replaces the first.
   */
  join(socket: WorkerSocket, hello: Hello): Member {
    const cid = hello.cid ?? this.membership.anonymousCid();
    const previous = this.membership.get(cid);
    if (previous) {
      this.leave(previous);
      previous.socket.close(CloseCode.Replaced, "another connection took this worker's identity");
    }
    const id = this.membership.idFor(cid);
    const member = this.member(socket, cid, id, hello.cid === undefined);
    const through = this.stamping.durableSeq;
    // Clamped: a resume point past the last seq is no more than the last seq (and costs no more).
    const after = hello.epoch === this.epoch ? Math.min(hello.after ?? 0, through) : 0;
    this.feed.resume(cid, after);
    const welcome: Welcome = {
      ...this.teacher.settings(),
      type: "welcome",
      version: PROTOCOL_VERSION,
      workerId: id,
      cid,
      epoch: this.epoch,
      historyThrough: through,
      lastN: this.stamping.lastLogged(cid),
      serverTime: this.deps.scheduler.now(),
    };
    socket.send(JSON.stringify(welcome));
    this.membership.add(member);
    catchUp(member, after + 1, through, {
      log: this.deps.log,
      scheduler: this.deps.scheduler,
      sent: (to, record) => this.feed.observe(to, record, this.deps.scheduler.now()),
    });
    return member;
  }

  /** A member with its own simulated uplink and downlink. */
  private member(socket: WorkerSocket, cid: string, id: number, anonymous: boolean): Member {
    const member: Member = {
      id,
      cid,
      socket,
      connected: true,
      anonymous,
      submitted: false,
      uplink: new SimulatedLink<Send>(this.network, (send) => this.stamping.arrive(cid, id, send), {
        flights: this.flights,
        label: (send) => ({ direction: "up", workerId: id, kind: "send", number: send.n }),
      }),
      downlink: new SimulatedLink<Outgoing>(
        this.network,
        (out) => {
          socket.send(out.frame);
          if (out.record) this.feed.observe(member, out.record, out.sentAt);
        },
        {
          flights: this.flights,
          label: (out) => ({ direction: "down", workerId: id, kind: out.record ? "stamped" : "control", number: out.record?.seq ?? 0 }),
        },
      ),
    };
    return member;
  }

  /** A worker's send enters its uplink; the stamping pipeline takes it on arrival. */
  submit(member: Member, send: Send): void {
    member.submitted = true;
    member.uplink.send(send);
  }

  /** The record is durable: every worker may now see it, and its sender may forget it. */
  private publish(record: LogRecord): void {
    const out: Outgoing = { frame: Sequencer.frame(record), record, sentAt: this.deps.scheduler.now() };
    for (const member of this.membership.values()) member.downlink.send(out);
    this.membership.get(record.cid)?.downlink.send(this.plain(JSON.stringify({ type: "ack", n: record.n })));
    this.feed.stamped(record);
  }

  private plain(frame: string): Outgoing {
    return { frame, sentAt: this.deps.scheduler.now() };
  }

  /** Resends a NACKed range from the log; returns false when the range starts past the last seq. */
  resend(member: Member, nack: Nack): boolean {
    const last = this.stamping.durableSeq;
    if (nack.from > last) return false;
    const sentAt = this.deps.scheduler.now();
    for (const record of this.deps.log.read(nack.from, Math.min(nack.to, last))) {
      member.downlink.send({ frame: Sequencer.frame(record), record, sentAt });
    }
    return true;
  }

  /** Tells every worker the newest seq, so one that missed the latest messages notices. */
  tick(): void {
    const out = this.plain(JSON.stringify({ type: "head", seq: this.stamping.durableSeq }));
    for (const member of this.membership.values()) member.downlink.send(out);
  }

  /** The whole run as JSON lines, as the sequencer saw it while a board watched. Yields a chunk per worker. */
  exportRun(): Generator<string> {
    const header = { room: this.name, epoch: this.epoch, mode: this.teacher.mode, lastSeq: this.stamping.durableSeq };
    return runLines(
      header,
      this.feed.histories((cid) => this.membership.idOf(cid)),
    );
  }

  /** One worker's log in the seed's format, or null for a worker this room does not know. */
  exportSeedLog(workerId: number): string | null {
    return seedLog(
      this.feed.histories((cid) => this.membership.idOf(cid)),
      workerId,
    );
  }

  /** Whether `key` is the teacher key (compared in constant time). */
  holdsKey(key: string): boolean {
    return this.teacher.holdsKey(key);
  }

  /**
   * Changes the network settings live and tells every worker and board. A new
   * ordering mode also resets the room, so every worker starts afresh in it.
   * The caller checked the key.
   */
  configure(change: Partial<NetworkSettings>, mode?: OrderingMode): void {
    this.teacher.network = { ...this.teacher.network, ...change };
    if (mode !== undefined && mode !== this.teacher.mode) {
      this.teacher.mode = mode;
      this.reset();
    }
    this.announceSettings();
  }

  /** The settings as every worker and board should know them now. */
  settingsFrame(): string {
    return JSON.stringify(this.teacher.settings());
  }

  private announceSettings(): void {
    const frame = this.settingsFrame();
    for (const member of this.membership.values()) member.socket.send(frame);
    this.feed.broadcast(frame);
  }

  /** Draws the network's randomness from `seed` from now on (a scenario replays from its seed). */
  reseed(seed: number): void {
    this.random = seededRandom(seed);
  }

  /** The teacher's hand on the network. Returns false when the message is no longer in flight. The caller checked the key. */
  control(control: Control): boolean {
    return this.teacher.control(control);
  }

  /** A board watches the room: it gets the whole picture now, then what changes. */
  watch(socket: WorkerSocket): void {
    this.feed.watch(socket);
  }

  unwatch(socket: WorkerSocket): void {
    this.feed.unwatch(socket);
  }

  /** Sends every board what changed since the last time (called a few times a second). */
  pushBoard(): void {
    this.feed.push();
  }

  /** The board's view: each connected worker, agreement, and the lane rows (all, or those changed). */
  boardMessage(everything: boolean): Board {
    return this.feed.message(everything);
  }

  private picture() {
    const settings = this.teacher.settings();
    return {
      room: this.name,
      paused: settings.paused,
      slowdown: settings.slowdown,
      auto: settings.auto,
      flights: this.flights
        .soonest(MAX_BOARD_FLIGHTS, (f) => f.kind !== "control")
        .map((f): Board["flights"][number] => [f.id, f.direction, f.workerId, f.number, f.dueAt, f.held]),
      scenario: this.scenarios.state,
      now: this.deps.scheduler.now(),
      epoch: this.epoch,
      lastSeq: this.stamping.durableSeq,
      network: settings.network,
      mode: settings.mode,
    };
  }

  /** Empties the room's log and starts a new epoch; every worker is disconnected to rejoin. The caller checked the key. */
  reset(): void {
    this.restartToken++;
    // A restart waiting for the log is cancelled: sends are taken again.
    this.restarting = false;
    this.flights.forget();
    this.deps.log.reset();
    this.restore();
    this.feed.reset();
    // Sends still on their way up belong to the old epoch: they must not be stamped into the new one.
    this.disconnectAll(CloseCode.RoomReset, "the room was reset");
  }

  /** The room is given up (it was unused): its log's files are closed. */
  release(): void {
    this.deps.log.close().catch(() => {});
  }

  /** Stops the room as a crash would: every connection is cut and nothing in flight arrives. */
  close(): void {
    this.closed = true;
    this.disconnectAll(1012, "sequencer stopped");
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
    if (this.stamping.logging) {
      this.deps.scheduler.after(10, () => this.restart(token));
      return;
    }
    this.restarting = false;
    this.disconnectAll(1012, "the sequencer is restarting");
    this.flights.clear();
    this.restore();
  }

  /** Every worker leaves: its connection closes, and what it sent that is still on the way up is lost. */
  private disconnectAll(code: number, reason: string): void {
    for (const member of this.membership.list()) {
      this.leave(member);
      member.uplink.close();
      member.socket.close(code, reason);
    }
  }

  /** The worker is gone: nothing more is sent to it. Its sends still in flight arrive. */
  leave(member: Member): void {
    member.connected = false;
    member.downlink.close();
    this.membership.remove(member);
    // An anonymous worker that sent nothing, with no board to export it, leaves no trace: its id
    // is not kept (nor ever reused; should it come back under its cid, it gets a new one).
    if (member.anonymous && !member.submitted && this.stamping.lastLogged(member.cid) === 0 && !this.feed.watched) {
      this.membership.forgetId(member.cid);
      this.feed.forget(member.cid);
    }
  }
}
