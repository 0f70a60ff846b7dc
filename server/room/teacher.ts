/**
 * The teacher's side of a room: who holds the key, the settings every worker
 * and board is told (network, ordering mode, auto-send, pause, slow motion),
 * and the teacher's hand on the messages in flight. Callers check the key
 * before they change anything.
 */
import type { Control, NetworkSettings, OrderingMode, Settings } from "../../shared/protocol.ts";
import type { ScenarioId } from "../../shared/scenarios.ts";
import type { FlightControl } from "../netsim.ts";

/** What the controls act on. */
export interface ControlTarget {
  readonly flights: FlightControl;
  startScenario(id: ScenarioId, seed: number): void;
  /** Tells every worker and board the settings now. */
  announce(): void;
}

export class TeacherControls {
  network: NetworkSettings;
  mode: OrderingMode = "total";
  /** Messages a second every tab sends on its own (0: off). */
  autoRate = 0;

  constructor(
    private readonly key: string | null,
    settings: NetworkSettings,
    private readonly target: ControlTarget,
  ) {
    this.network = { ...settings };
  }

  /** Whether `key` is the teacher key (compared in constant time). */
  holdsKey(key: string): boolean {
    const expected = this.key;
    if (expected === null) return false;
    // The time taken does not depend on where the key differs, nor on its length.
    let difference = key.length ^ expected.length;
    for (let i = 0; i < expected.length; i++) difference |= (key.charCodeAt(i) || 0) ^ expected.charCodeAt(i);
    return difference === 0;
  }

  /** The settings as every worker and board should know them now, as a `settings` message. */
  settings(): Settings {
    return { type: "settings", ...this.state() };
  }

  /** The settings as every worker and board should know them now. */
  state(): Omit<Settings, "type"> {
    const flights = this.target.flights;
    return {
      network: { ...this.network },
      mode: this.mode,
      auto: this.autoRate,
      slowdown: flights.slowdown,
      paused: flights.paused,
    };
  }

  /** The teacher's hand on the network. Returns false when the message is no longer in flight. */
  control(control: Control): boolean {
    const { flights } = this.target;
    switch (control.action) {
      case "pause":
        flights.pause();
        this.target.announce();
        return true;
      case "resume":
        flights.resume();
        this.target.announce();
        return true;
      case "step":
        return flights.step();
      case "slow":
        flights.slowdown = control.factor;
        this.target.announce();
        return true;
      case "scenario":
        this.target.startScenario(control.scenario, control.seed);
        return true;
      case "autosend":
        this.autoRate = control.rate;
        this.target.announce();
        return true;
      case "hold":
        return flights.hold(control.id);
      case "release":
        return flights.release(control.id);
      case "drop":
        return flights.drop(control.id);
      case "duplicate":
        return flights.duplicate(control.id);
      case "deliver":
        return flights.deliverNow(control.id);
    }
  }
}
