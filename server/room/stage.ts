/**
 * The narrow stage a room gives its scenarios: they drive the room only
 * through this, and their bots connect through in-memory pipes, each under
 * the name the scenario's text uses (A, B, C) for its lane.
 */
import type { Clock } from "../../shared/clock.ts";
import type { Hello } from "../../shared/protocol.ts";
import type { Random } from "../../shared/random.ts";
import type { FlightControl } from "../netsim.ts";
import { pipeTo } from "../pipe.ts";
import type { ScenarioStage } from "../scenarios.ts";
import type { SessionRoom } from "../session.ts";
import type { Member, WorkerSocket } from "./types.ts";

/** What a stage needs of its room (the Room class). */
export interface StagedRoom extends SessionRoom {
  readonly epoch: string;
  readonly flights: FlightControl;
  /** `name`: the worker's name on its lane. */
  join(socket: WorkerSocket, hello: Hello, name?: string | null): Member;
  reseed(seed: number): void;
  restart(): void;
}

/** The room as a bot's session sees it: the same room, joined under the bot's name. */
function namedFor(room: StagedRoom, name: string | undefined): SessionRoom {
  if (name === undefined) return room;
  return {
    get lastSeq() {
      return room.lastSeq;
    },
    join: (socket, hello) => room.join(socket, hello, name),
    submit: (member, send) => room.submit(member, send),
    nack: (member, nack) => room.nack(member, nack),
    leave: (member) => room.leave(member),
    board: room.board,
    teacher: room.teacher,
    configure: (change, mode) => room.configure(change, mode),
    reset: () => room.reset(),
    settingsFrame: () => room.settingsFrame(),
    following: room.following,
  };
}

/** `random`: the room's own random source (a bot's cid tag comes from it, not from the scenario's seed). */
export function stageOf(room: StagedRoom, clock: Clock, random: Random): ScenarioStage {
  return {
    lastSeq: () => room.lastSeq,
    epoch: () => room.epoch,
    reset: () => room.reset(),
    reseed: (seed) => room.reseed(seed),
    configure: (network) => room.configure(network),
    restart: () => room.restart(),
    loseNext: (direction, workerId, number) => room.flights.loseNext(direction, workerId, number),
    connect: (handlers, name) => pipeTo(namedFor(room, name), handlers, clock),
    runTag: () => Math.floor(random.next() * 2 ** 48).toString(36),
  };
}
