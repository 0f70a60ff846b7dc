/**
 * The simulated network. One WebSocket is one TCP stream and never reorders,
 * so without this the hold-back queue would never hold anything. Each link
 * delays each message on its own (base delay plus uniform jitter), so messages
 * on one link overtake each other; it may also lose a message or deliver it
 * twice. Messages in flight are plain data in the room's flight table
 * (flights.ts). Pure over an injected clock and random source: a seeded
 * simulation replays exactly.
 */
import type { Clock } from "../shared/clock.ts";
import type { NetworkSettings } from "../shared/protocol.ts";
import type { Random } from "../shared/random.ts";
import { FlightControl, type FlightLabel } from "./flights.ts";

export { COARSE_FROM, FlightControl, type FlightInfo, type FlightLabel, type FlightSnapshot, MAX_FLIGHTS } from "./flights.ts";

/** The network as a room sees it: its current settings, its clock and its random source. */
export interface Network {
  readonly settings: () => NetworkSettings;
  readonly clock: Clock;
  readonly random: Random;
}

/** No delay, no loss: the plain fast path. */
export const DIRECT: NetworkSettings = { delay: 0, jitter: 0, loss: 0, dup: 0 };

/** How a link's messages appear in the flight table. */
export interface LinkLabels<T> {
  readonly flights: FlightControl;
  /** The table copies the label at once, so one object may be rewritten for every message. */
  readonly label: (message: T) => FlightLabel;
}

/** One direction of one worker's connection. */
export class SimulatedLink<T> {
  private open = true;
  private readonly flights: FlightControl;
  private readonly link: number;
  private readonly label: (message: T) => FlightLabel;

  constructor(
    private readonly network: Network,
    private readonly arrive: (message: T) => void,
    /** The room's flight table, and how to label a message in it; without them, a table of the link's own. */
    labels?: LinkLabels<T>,
  ) {
    this.flights = labels?.flights ?? new FlightControl(network.clock);
    this.label = labels?.label ?? (() => UNLABELLED);
    this.link = this.flights.attach({ land: (payload) => this.arrive(payload as T) });
  }

  /** Puts a message on the link: it may be lost, and it or its duplicate arrives after its own delay. */
  send(message: T): void {
    if (!this.open) return;
    const { delay, jitter, loss, dup } = this.network.settings();
    // The fast path: no simulated network and nothing for the teacher to watch.
    if (delay === 0 && jitter === 0 && loss === 0 && dup === 0 && this.flights.idle) {
      this.arrive(message);
      return;
    }
    const random = this.network.random;
    if (loss > 0 && random.next() < loss) return;
    const copies = dup > 0 && random.next() < dup ? 2 : 1;
    const label = this.label(message);
    for (let i = 0; i < copies; i++) this.flights.launch(label, delay + random.next() * jitter, this.link, message);
  }

  /** Drops whatever is still in flight, as a cut cable would. */
  close(): void {
    this.open = false;
    this.flights.detach(this.link);
  }

  /** Takes no more messages; what is already in flight still arrives. */
  retire(): void {
    this.open = false;
    this.flights.retire(this.link);
  }
}

const UNLABELLED: FlightLabel = { direction: "down", workerId: 0, kind: "control", number: 0 };
