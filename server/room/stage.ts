/**
 * The narrow stage a room gives its scenarios: they drive the room only
 * through this, and their bots connect through in-memory pipes.
 */
import type { Clock } from "../../shared/clock.ts";
import type { NetworkSettings } from "../../shared/protocol.ts";
import type { FlightControl } from "../netsim.ts";
import { pipeTo } from "../pipe.ts";
import type { ScenarioStage } from "../scenarios.ts";
import type { SessionRoom } from "../session.ts";

/** What a stage needs of its room (the Room class). */
export interface StagedRoom extends SessionRoom {
  readonly epoch: string;
  readonly flights: FlightControl;
  reseed(seed: number): void;
  configure(change: Partial<NetworkSettings>): void;
  restart(): void;
}

export function stageOf(room: StagedRoom, clock: Clock): ScenarioStage {
  return {
    lastSeq: () => room.lastSeq,
    epoch: () => room.epoch,
    reset: () => room.reset(),
    reseed: (seed) => room.reseed(seed),
    configure: (network) => room.configure(network),
    restart: () => room.restart(),
    loseNext: (direction, workerId, number) => room.flights.loseNext(direction, workerId, number),
    connect: (handlers) => pipeTo(room, handlers, clock),
  };
}
