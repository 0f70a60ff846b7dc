/**
 * What the parts of a room share: the minimal socket a room talks to, a
 * joined worker, and a frame on its way down. Types only.
 */
import type { Send } from "../../shared/protocol.ts";
import type { LogRecord } from "../log.ts";
import type { SimulatedLink } from "../netsim.ts";

/** What a room needs of a connection: the ws adapter in the server, an in-memory pipe in tests. */
export interface WorkerSocket {
  send(frame: string): void;
  close(code: number, reason: string): void;
  /** Bytes queued and not yet sent; catch-up waits while this is high. */
  bufferedAmount?(): number;
  /** A live stamped record and its `stamped` frame: a socket may send a run of them as one frame (live-runs.ts). */
  sendRecord?(record: LogRecord, frame: string): void;
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
export interface Outgoing {
  readonly frame: string;
  readonly record?: LogRecord;
  readonly sentAt: number;
}
