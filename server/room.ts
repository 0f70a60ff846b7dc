/**
 * A room: one sequencer, the workers connected to it, and the simulated
 * network between them. Pure over the injected network (scheduler and random
 * source) and a minimal socket interface, so simulations run the real room.
 */
import { PROTOCOL_VERSION, type Send, type Welcome } from "../shared/protocol.ts";
import { type Network, SimulatedLink } from "./netsim.ts";
import { Sequencer } from "./sequencer.ts";

/** What a room needs of a connection: the ws adapter in the server, an in-memory pipe in tests. */
export interface WorkerSocket {
  send(frame: string): void;
  close(code: number, reason: string): void;
}

/** A joined worker. */
export interface Member {
  readonly id: number;
  readonly socket: WorkerSocket;
  readonly uplink: SimulatedLink<Send>;
  readonly downlink: SimulatedLink<string>;
}

export class Room {
  readonly sequencer: Sequencer;
  private readonly members = new Map<number, Member>();
  private nextWorkerId = 1;

  constructor(private readonly network: Network) {
    this.sequencer = new Sequencer(network.scheduler.now);
  }

  /** How many workers are connected. */
  get size(): number {
    return this.members.size;
  }

  /**
   * Admits a worker: it gets its id, then the history after `after` straight
   * away and in order (catch-up), then every live stamped message through its
   * own simulated downlink.
   */
  join(socket: WorkerSocket, after: number): Member {
    const id = this.nextWorkerId++;
    const member: Member = {
      id,
      socket,
      uplink: new SimulatedLink<Send>(this.network, (send) => this.sequence(id, send)),
      downlink: new SimulatedLink<string>(this.network, (frame) => socket.send(frame)),
    };
    const welcome: Welcome = {
      type: "welcome",
      version: PROTOCOL_VERSION,
      workerId: id,
      historyThrough: this.sequencer.lastSeq,
      serverTime: this.network.scheduler.now(),
      network: this.network.settings(),
    };
    socket.send(JSON.stringify(welcome));
    for (const stamped of this.sequencer.history(after)) socket.send(JSON.stringify(stamped));
    this.members.set(id, member);
    return member;
  }

  /** A worker's send enters its uplink; the sequencer stamps it on arrival. */
  submit(member: Member, send: Send): void {
    member.uplink.send(send);
  }

  /** The worker is gone: nothing more is sent to it. Its sends still in flight arrive. */
  leave(member: Member): void {
    member.downlink.close();
    this.members.delete(member.id);
  }

  private sequence(from: number, send: Send): void {
    const frame = JSON.stringify(this.sequencer.stamp(from, send.n, send.data));
    for (const member of this.members.values()) member.downlink.send(frame);
  }
}
