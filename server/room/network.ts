/**
 * A room's simulated network as its links see it: the settings in force, the
 * clock, a random source that a scenario may reseed, and the table of
 * every message in flight (for pause, step, slow motion and the teacher's hand).
 */

import type { Clock } from "../../shared/clock.ts";
import type { NetworkSettings } from "../../shared/protocol.ts";
import { type Random, seededRandom } from "../../shared/random.ts";
import { flightTickOf } from "../clock.ts";
import { FlightControl, type Network } from "../netsim.ts";

export class RoomNetwork implements Network {
  readonly flights: FlightControl;
  private source: Random;

  constructor(
    readonly clock: Clock,
    random: Random,
    readonly settings: () => NetworkSettings,
  ) {
    this.source = random;
    // The real clock lands flights on a wheel of a few ms; a virtual one, unless it says otherwise, at exact times.
    this.flights = new FlightControl(clock, flightTickOf(clock));
  }

  get random(): Random {
    return this.source;
  }

  /** Draws the network's randomness from `seed` from now on (a scenario replays from its seed). */
  reseed(seed: number): void {
    this.source = seededRandom(seed);
  }
}
