/**
 * The worker driver's interfaces: what it needs of a connection and of its
 * caller, and what it reports (shared/worker-driver.ts drives; the tab, the
 * CLI and the simulations implement these).
 */
import type { Followed, NetworkSettings, Order, OrderingMode } from "./protocol.ts";
import type { Random } from "./random.ts";
import type { WorkerCore, WorkerEvent } from "./worker-core.ts";

/** What the driver needs of a connection. */
export interface DriverSocket {
  send(text: string): void;
  /**
   * Ends the connection. With CloseCode.Dropped, end it as a network failure would, without a
   * close handshake if the socket can; the driver has already stopped listening to it.
   */
  close(code: number, reason: string): void;
}

export interface DriverHandlers {
  open(): void;
  message(text: string): void;
  close(code: number, reason: string): void;
}

export type DriverStatus = "connecting" | "joined" | "reconnecting" | "stopped";

export interface DriverDeps {
  /** Opens a connection and reports on it through the handlers. */
  readonly connect: (handlers: DriverHandlers) => DriverSocket;
  readonly now: () => number;
  readonly random: Random;
  /** Runs `run` after `ms`; returns a cancel function. */
  readonly after: (ms: number, run: () => void) => () => void;
  /** The worker's identity across reconnects. */
  readonly cid: string;
  /** A new identity, when another connection took this one (a duplicated tab). */
  readonly renewCid: () => string;
  /** Everything that happened, for the caller to show or print. */
  readonly observe: (observation: Observation) => void;
  /** False: ask for the catch-up one `stamped` frame per record, as a worker without batches does (for comparison). */
  readonly batches?: boolean;
  /** False: the core keeps no event log nor delivered messages (WorkerCoreOptions.retain); each event is only observed. */
  readonly retain?: boolean;
}

export type Observation =
  | { readonly kind: "events"; readonly events: readonly WorkerEvent[]; readonly core: WorkerCore }
  | { readonly kind: "status"; readonly status: DriverStatus; readonly detail: string }
  | { readonly kind: "error"; readonly code: string; readonly message: string }
  | { readonly kind: "settings"; readonly network: NetworkSettings; readonly mode: OrderingMode; readonly auto: number }
  /** The history this worker had belongs to another epoch: a fresh core starts from seq 1. */
  | { readonly kind: "fresh"; readonly core: WorkerCore; readonly reason: string }
  /** What the room follows now (also on joining, from the welcome), or this worker's order class (colour) and lag. */
  | { readonly kind: "room"; readonly message: Followed | Order };
