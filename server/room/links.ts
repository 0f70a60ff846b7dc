/**
 * A joined worker's two simulated links: its sends go up through one, and
 * everything the room sends it comes down through the other, each message
 * with its own delay, so messages overtake each other as on a real network.
 */
import type { Send } from "../../shared/protocol.ts";
import type { LogRecord } from "../log.ts";
import { type FlightControl, type FlightLabel, type Network, SimulatedLink } from "../netsim.ts";
import type { LiveRuns } from "./live-runs.ts";
import type { Member, Outgoing, WorkerSocket } from "./types.ts";

export interface LinkEnds {
  /** The worker reads `batch` frames: the room's live runs (live-runs.ts); null: one `stamped` frame per message. */
  readonly runs: LiveRuns | null;
  readonly network: Network;
  readonly flights: FlightControl;
  /** A send of worker `id` (by `cid`) reached the sequencer. */
  arrive(cid: string, id: number, send: Send): void;
  /** A stamped message reached `member` (it was sent down at `sentAt`). */
  received(member: Member, record: LogRecord, sentAt: number): void;
}

/** A label the flight table copies at once: one per link, rewritten for each message (no allocation per message). */
function reused(direction: "up" | "down", workerId: number): { -readonly [K in keyof FlightLabel]: FlightLabel[K] } {
  return { direction, workerId, kind: "control", number: 0 };
}

/** A member with its own uplink and downlink. */
export function linkedMember(connection: WorkerSocket, cid: string, id: number, anonymous: boolean, ends: LinkEnds): Member {
  const { network, flights } = ends;
  const socket = ends.runs ? ends.runs.socket(connection) : connection;
  const up = reused("up", id);
  const down = reused("down", id);
  const member: Member = {
    id,
    cid,
    socket,
    connected: true,
    anonymous,
    submitted: false,
    uplink: new SimulatedLink<Send>(network, (send) => ends.arrive(cid, id, send), {
      flights,
      label: (send) => {
        up.kind = "send";
        up.number = send.n;
        return up;
      },
    }),
    downlink: new SimulatedLink<Outgoing>(
      network,
      (out) => {
        if (out.record && socket.sendRecord) socket.sendRecord(out.record, out.frame);
        else socket.send(out.frame);
        if (out.record) ends.received(member, out.record, out.sentAt);
      },
      {
        flights,
        label: (out) => {
          down.kind = out.record ? "stamped" : "control";
          down.number = out.record?.seq ?? 0;
          return down;
        },
      },
    ),
  };
  return member;
}
