/**
 * A whole classroom in virtual time: the real Room, Session, WorkerDriver and
 * WorkerCore, joined by in-memory pipes, over a simulated network with delays,
 * loss and duplication, with workers that disconnect and a sequencer that
 * crashes and restarts on its log. Everything random comes from one seed, so a
 * run replays exactly: one stream per concern (the log, the network, each
 * worker), so that a draw added in one never changes what the others do.
 * Used by the seeded simulation tests.
 */
import { historyLine } from "../shared/history.ts";
import type { NetworkSettings } from "../shared/protocol.ts";
import { type Random, randomFor } from "../shared/random.ts";
import { type DriverHandlers, type DriverSocket, WorkerDriver } from "../shared/worker-driver.ts";
import { RateLimiter } from "./limiter.ts";
import { MemoryLog } from "./log.ts";
import { pipeTo } from "./pipe.ts";
import { Room } from "./room.ts";
import { VirtualClock } from "./testing/virtual-clock.ts";

export interface SimulatedWorker {
  readonly name: string;
  readonly driver: WorkerDriver;
  /** The worker's history as JSON lines, across fresh starts, for the checker. */
  readonly history: string[];
  sends: number;
}

export class Simulation {
  readonly clock = new VirtualClock();
  readonly log: MemoryLog;
  readonly workers: SimulatedWorker[] = [];
  room: Room | null;
  crashes = 0;

  private readonly network: Random;

  constructor(
    private readonly seed: number,
    readonly settings: NetworkSettings,
    /** How long an append takes to become durable (a disk's fsync), fixed or drawn per append. */
    durableDelayMs: number | (() => number) = 2,
    /** Messages a second per connection, as the server's --rate-limit; 0: none. */
    private readonly rateLimit = 0,
  ) {
    const durability =
      typeof durableDelayMs === "number" ? { clock: this.clock, delayMs: durableDelayMs } : inOrder(this.clock, durableDelayMs);
    this.log = new MemoryLog(randomFor(seed, "log"), durability);
    this.network = randomFor(seed, "network");
    this.room = this.newRoom();
    const tick = () => {
      this.room?.tick();
      this.clock.after(1000, tick);
    };
    this.clock.after(1000, tick);
  }

  private newRoom(): Room {
    return new Room({ clock: this.clock, random: this.network, settings: this.settings, log: this.log, teacherKey: "sim-key-0000" });
  }

  /** Starts a worker now. */
  addWorker(name: string): SimulatedWorker {
    const history: string[] = [];
    const worker: SimulatedWorker = {
      name,
      history,
      sends: 0,
      driver: new WorkerDriver({
        cid: name,
        renewCid: () => `${name}-renewed`,
        now: this.clock.now,
        random: randomFor(this.seed, `worker ${name}`),
        after: (ms, run) => this.clock.after(ms, run),
        connect: (handlers) => this.connect(handlers),
        observe: (observation) => {
          if (observation.kind !== "events") return;
          for (const event of observation.events) {
            const line = historyLine(event, worker.driver.identity, observation.core.workerId);
            if (line !== null) history.push(line);
          }
        },
      }),
    };
    this.workers.push(worker);
    worker.driver.start();
    return worker;
  }

  /** The sequencer process dies: connections drop, and appends not yet durable are gone. */
  crash(): void {
    this.crashes++;
    this.log.crash();
    this.room?.close();
    this.room = null;
  }

  /** The sequencer comes back on its log. */
  restart(): void {
    this.room = this.newRoom();
  }

  private connect(handlers: DriverHandlers): DriverSocket {
    const limiter = this.rateLimit > 0 ? new RateLimiter(this.rateLimit, this.rateLimit, this.clock.now) : null;
    return pipeTo(this.room, handlers, this.clock, limiter);
  }
}

/**
 * A durability whose delay is drawn per append, but which, like a disk, makes
 * appends durable in append order: never before the one before it.
 */
function inOrder(clock: VirtualClock, delay: () => number): { readonly clock: VirtualClock; readonly delayMs: number } {
  let lastDurableAt = 0;
  return {
    clock,
    get delayMs() {
      lastDurableAt = Math.max(lastDurableAt, clock.now() + delay());
      return lastDurableAt - clock.now();
    },
  };
}
