/**
 * A room: one sequencer and its log, the workers connected to it, and the
 * simulated network between them. Pure over the injected scheduler, random
 * source, log and a minimal socket interface, so simulations run the real room.
 */
import { CloseCode, type Hello, type Nack, type NetworkSettings, PROTOCOL_VERSION, type Send, type Welcome } from "../shared/protocol.ts";
import type { Random } from "../shared/random.ts";
import { SendIntake } from "./intake.ts";
import type { LogRecord, SequencerLog } from "./log.ts";
import { type Network, type Scheduler, SimulatedLink } from "./netsim.ts";
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
  readonly socket: WorkerSocket;
  readonly uplink: SimulatedLink<Send>;
  readonly downlink: SimulatedLink<string>;
  connected: boolean;
}

export interface RoomDeps {
  readonly scheduler: Scheduler;
  readonly random: Random;
  readonly settings: NetworkSettings;
  readonly log: SequencerLog;
  /** Who may change settings and reset the room; null: nobody. */
  readonly teacherKey: string | null;
}

/** Worker ids are reserved in the log this many at a time. */
const ID_BLOCK = 1000;

/** Catch-up is sent in chunks of this many messages… */
export const CATCH_UP_CHUNK = 256;
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

  constructor(private readonly deps: RoomDeps) {
    this.settings = { ...deps.settings };
    this.network = { settings: () => this.settings, scheduler: deps.scheduler, random: deps.random };
    this.restore(deps.log.recovered);
  }

  private restore(records: readonly LogRecord[]): void {
    this.sequencer = new Sequencer(this.deps.scheduler.now, records);
    this.intake = new SendIntake();
    for (const record of records) {
      this.intake.logged(record.cid, record.n);
      this.ids.set(record.cid, record.from);
      this.nextId = Math.max(this.nextId, record.from + 1);
    }
    // Ids handed out before a crash but never logged must not be given to someone else.
    this.idsReserved = this.deps.log.idsReserved;
    this.nextId = Math.max(this.nextId, this.idsReserved + 1);
  }

  /** How many workers are connected. */
  get size(): number {
    return this.members.size;
  }

  /** The last seq workers may know of (durably logged). */
  get lastSeq(): number {
    return this.sequencer.durableSeq;
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
    const cid = hello.cid ?? `anon-${Math.floor(this.deps.random.next() * 2 ** 48).toString(36)}`;
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
      uplink: new SimulatedLink<Send>(this.network, (send) => this.arrive(cid, id, send)),
      downlink: new SimulatedLink<string>(this.network, (frame) => socket.send(frame)),
    };
    const through = this.sequencer.durableSeq;
    const after = hello.epoch === this.epoch ? Math.min(hello.after ?? 0, through) : 0;
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
      while (next <= through && (member.socket.bufferedAmount?.() ?? 0) < CATCH_UP_HIGH_WATER) {
        const end = Math.min(through, next + CATCH_UP_CHUNK - 1);
        for (; next <= end; next++) {
          const record = this.sequencer.record(next);
          if (record) member.socket.send(Sequencer.frame(record));
        }
        if (next <= through) break;
      }
      // Yield between chunks, so a long history never stalls the server.
      if (next <= through) this.deps.scheduler.after(next === from ? 0 : 5, pump);
    };
    pump();
  }

  /** A worker's send enters its uplink; the intake and sequencer take it on arrival. */
  submit(member: Member, send: Send): void {
    member.uplink.send(send);
  }

  private arrive(cid: string, from: number, send: Send): void {
    if (this.closed) return;
    const ready = this.intake.accept(cid, send.n, send.data);
    if (ready.length === 0) {
      // A resend of something already stamped, or one waiting for an earlier send: say how far we are.
      const logged = this.intake.lastLogged(cid);
      if (logged > 0) this.members.get(cid)?.downlink.send(JSON.stringify({ type: "ack", n: logged }));
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
    const frame = Sequencer.frame(record);
    for (const member of this.members.values()) member.downlink.send(frame);
    this.members.get(record.cid)?.downlink.send(JSON.stringify({ type: "ack", n: record.n }));
  }

  /** Resends a NACKed range from the log; returns false when the range starts past the last seq. */
  resend(member: Member, nack: Nack): boolean {
    const last = this.sequencer.durableSeq;
    if (nack.from > last) return false;
    for (let seq = nack.from; seq <= Math.min(nack.to, last); seq++) {
      const record = this.sequencer.record(seq);
      if (record) member.downlink.send(Sequencer.frame(record));
    }
    return true;
  }

  /** Tells every worker the newest seq, so one that missed the latest messages notices. */
  tick(): void {
    const frame = JSON.stringify({ type: "head", seq: this.sequencer.durableSeq });
    for (const member of this.members.values()) member.downlink.send(frame);
  }

  /** Whether `key` is the teacher key (compared in constant time). */
  holdsKey(key: string): boolean {
    const expected = this.deps.teacherKey;
    if (expected === null || key.length !== expected.length) return false;
    let difference = 0;
    for (let i = 0; i < key.length; i++) difference |= key.charCodeAt(i) ^ expected.charCodeAt(i);
    return difference === 0;
  }

  /** Changes the network settings live and tells every worker. The caller checked the key. */
  configure(change: Partial<NetworkSettings>): void {
    this.settings = { ...this.settings, ...change };
    const frame = JSON.stringify({ type: "settings", network: this.settings });
    for (const member of this.members.values()) member.socket.send(frame);
  }

  /** Empties the room's log and starts a new epoch; every worker is disconnected to rejoin. The caller checked the key. */
  reset(): void {
    this.deps.log.reset();
    this.restore([]);
    for (const member of [...this.members.values()]) {
      this.leave(member);
      member.socket.close(CloseCode.RoomReset, "the room was reset");
    }
  }

  /** Stops the room as a crash would: every connection is cut and nothing in flight arrives. */
  close(): void {
    this.closed = true;
    for (const member of [...this.members.values()]) {
      this.leave(member);
      member.uplink.close();
      member.socket.close(1006, "sequencer stopped");
    }
  }

  /** The worker is gone: nothing more is sent to it. Its sends still in flight arrive. */
  leave(member: Member): void {
    member.connected = false;
    member.downlink.close();
    if (this.members.get(member.cid) === member) this.members.delete(member.cid);
  }
}
