/**
 * A room: one sequencer and its log, the workers connected to it, and the
 * simulated network between them. Pure over the injected clock, random
 * source, log and a minimal socket interface, so simulations run the real room.
 * This file wires the room's parts together; each concern has its own file in
 * room/: membership, catch-up, the stamping pipeline, the board feed, exports
 * and the teacher's controls.
 */
import type { Clock } from "../shared/clock.ts";
import type { Hello, Nack, NetworkSettings, OrderingMode, Send, Welcome } from "../shared/protocol.ts";
import { BATCH_CAPABILITY, CloseCode, PROTOCOL_VERSION, serverFrame } from "../shared/protocol.ts";
import type { Random } from "../shared/random.ts";
import { atTaskEnd } from "./clock.ts";
import type { SequencerLog } from "./log.ts";
import type { FlightControl } from "./netsim.ts";
import { BoardFeed } from "./room/board-feed.ts";
import { catchUp } from "./room/catch-up.ts";
import { Following } from "./room/following.ts";
import { linkedMember } from "./room/links.ts";
import { LiveRuns } from "./room/live-runs.ts";
import { Membership } from "./room/membership.ts";
import { RoomNetwork } from "./room/network.ts";
import { type NackAnswer, Resender } from "./room/resends.ts";
import { stageOf } from "./room/stage.ts";
import { StampingPipeline } from "./room/stamping.ts";
import { TeacherControls } from "./room/teacher.ts";
import type { Member, WorkerSocket } from "./room/types.ts";
import { ScenarioRunner } from "./scenarios.ts";

export { MAX_MIRRORS, ROOM_EVENTS_KEPT } from "./room/board-feed.ts";
export type { Member, WorkerSocket } from "./room/types.ts";

export interface RoomDeps {
  readonly clock: Clock;
  readonly random: Random;
  readonly settings: NetworkSettings;
  readonly log: SequencerLog;
  /** Who may change settings and reset the room; null: nobody. */
  readonly teacherKey: string | null;
  /** The room's name, for the board. */
  readonly name?: string;
}

export class Room {
  private readonly membership: Membership;
  private readonly stamping: StampingPipeline;
  private readonly resends: Resender;
  /** What the teacher's board sees of the room. */
  readonly board: BoardFeed;
  /** The teacher key, the settings, and the teacher's hand on the network. */
  readonly teacher: TeacherControls;
  private readonly network: RoomNetwork;
  private readonly liveRuns: LiveRuns;
  private closed = false;
  private restarting = false;
  // A reset, or a newer restart, cancels a restart still waiting for the log.
  private restartToken = 0;
  /** Connections attached to this room, joined or not yet (a room with any is not given up). */
  attached = 0;
  /** Every message in flight, for pause, step, slow motion and the teacher's hand. */
  readonly flights: FlightControl;
  /** The prepared scenarios, run with bots in this room. */
  readonly scenarios: ScenarioRunner;
  /** The seq everyone in the room follows (lit up on the board and in every tab). */
  readonly following: Following;

  constructor(private readonly deps: RoomDeps) {
    const { clock, log } = deps;
    this.liveRuns = new LiveRuns(atTaskEnd(clock));
    this.following = new Following(this, clock);
    this.network = new RoomNetwork(clock, deps.random, () => this.teacher.network);
    this.flights = this.network.flights;
    this.membership = new Membership(log, clock.now);
    this.stamping = new StampingPipeline({
      log,
      now: clock.now,
      members: this.membership,
      published: (record, sentAt) => this.board.stamped(record, sentAt),
      taking: () => !this.closed && !this.restarting,
    });
    this.resends = new Resender({ log, clock, durableSeq: () => this.stamping.durableSeq });
    this.board = new BoardFeed({
      log,
      now: clock.now,
      mode: () => this.teacher.mode,
      durableSeq: () => this.stamping.durableSeq,
      members: () => this.membership.values(),
      lanes: () => this.membership.lanes(),
      isMember: (cid) => this.membership.has(cid),
      idOf: (cid) => this.membership.idOf(cid),
      flights: this.flights,
      picture: () => ({ room: this.name, epoch: this.epoch, scenario: this.scenarios.state, ...this.teacher.state() }),
      followed: () => this.following.seq,
    });
    this.teacher = new TeacherControls(deps.teacherKey, deps.settings, {
      flights: this.flights,
      startScenario: (id, seed) => this.scenarios.start(id, seed),
      announce: () => this.broadcast(this.settingsFrame()),
    });
    // Scenarios drive the room through a narrow stage of their own.
    this.scenarios = new ScenarioRunner(stageOf(this, clock, deps.random), clock);
    this.restore();
  }

  /** Starts on what the log holds: its last seq, and each sender's id and last send. */
  private restore(): void {
    this.stamping.restore(this.deps.log.recovered);
    this.membership.restore(this.deps.log.recovered);
  }

  /** No one here, nothing logged: a room that may be given up for another. */
  get unused(): boolean {
    const alone = this.attached === 0 && this.membership.size === 0 && !this.board.watched;
    return alone && this.stamping.lastSeq === 0 && this.scenarios.state === null;
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

  /**
   * Admits a worker: it gets its id (stable for its cid), then the history
   * after `hello.after` (all of it if the worker's epoch is not this room's),
   * in chunks, then every live stamped message through its own simulated
   * downlink. A second connection with the same cid replaces the first. `name`: a bot's, for its lane.
   */
  join(socket: WorkerSocket, hello: Hello, name: string | null = null): Member {
    const cid = hello.cid ?? this.membership.anonymousCid();
    const previous = this.membership.get(cid);
    if (previous) {
      this.leave(previous);
      previous.socket.close(CloseCode.Replaced, "another connection took this worker's identity");
    }
    const id = this.membership.idFor(cid);
    const framing = hello.accepts?.includes(BATCH_CAPABILITY) ? "batches" : "per-record";
    const member = linkedMember(socket, cid, id, hello.cid === undefined, {
      runs: framing === "batches" ? this.liveRuns : null,
      network: this.network,
      flights: this.flights,
      arrive: (from, workerId, send) => this.stamping.arrive(from, workerId, send),
      received: (to, record, sentAt) => this.board.observe(to, record, sentAt),
    });
    const through = this.stamping.durableSeq;
    // Clamped: a resume point past the last seq is no more than the last seq (and costs no more).
    const after = hello.epoch === this.epoch ? Math.min(hello.after ?? 0, through) : 0;
    this.board.resume(cid, after);
    const welcome: Welcome = {
      type: "welcome",
      ...this.teacher.state(),
      version: PROTOCOL_VERSION,
      workerId: id,
      cid,
      epoch: this.epoch,
      historyThrough: through,
      lastN: this.stamping.lastLogged(cid),
      serverTime: this.deps.clock.now(),
      followed: this.following.seq,
    };
    member.socket.send(serverFrame(welcome));
    this.membership.add(member, name);
    catchUp(member, after + 1, through, {
      log: this.deps.log,
      clock: this.deps.clock,
      sent: (to, record) => this.board.observe(to, record, this.deps.clock.now()),
      observing: () => this.board.mirroring,
      framing,
    });
    return member;
  }

  /** A worker's send enters its uplink; the stamping pipeline takes it on arrival. */
  submit(member: Member, send: Send): void {
    member.submitted = true;
    this.stamping.submitted(member.cid, send.n);
    member.uplink.send(send);
  }

  /** Resends a NACKed range from the log (budgeted per connection), or says why not. */
  nack(member: Member, nack: Nack): NackAnswer {
    return this.resends.nack(member, nack);
  }

  /** Tells every worker the newest seq, so one that missed the latest messages notices. */
  tick(): void {
    this.stamping.head();
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
    this.broadcast(this.settingsFrame());
  }

  /** The settings as every worker and board should know them now. */
  settingsFrame(): string {
    return serverFrame(this.teacher.settings());
  }

  /** Sends `frame` to every worker and board. */
  broadcast(frame: string): void {
    for (const member of this.membership.values()) member.socket.send(frame);
    this.board.broadcast(frame);
  }

  /** Draws the network's randomness from `seed` from now on (a scenario replays from its seed). */
  reseed(seed: number): void {
    this.network.reseed(seed);
  }

  /** Empties the room's log and starts a new epoch; every worker is disconnected to rejoin. The caller checked the key. */
  reset(): void {
    this.restartToken++;
    // A restart waiting for the log is cancelled: sends are taken again.
    this.restarting = false;
    this.flights.forget();
    this.deps.log.reset();
    this.restore();
    this.board.reset();
    this.membership.dropAwayLanes();
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
    this.disconnectAll(CloseCode.Restarting, "sequencer stopped");
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
      this.deps.clock.after(10, () => this.restart(token));
      return;
    }
    this.restarting = false;
    this.disconnectAll(CloseCode.Restarting, "the sequencer is restarting");
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
    member.uplink.retire();
    this.membership.remove(member);
    // Unless a newer connection has taken the cid, the sends held for it go (it resends them).
    if (!this.membership.has(member.cid)) this.stamping.forgetHeld(member.cid);
    // An anonymous worker that sent nothing, with no board to export it, leaves no trace: its id
    // is not kept (nor ever reused; should it come back under its cid, it gets a new one).
    if (member.anonymous && !member.submitted && this.stamping.lastLogged(member.cid) === 0 && !this.board.watched) {
      this.membership.forgetId(member.cid);
      this.board.forget(member.cid);
    }
  }
}
