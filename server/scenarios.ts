/**
 * Runs the prepared scenarios in a room, with worker bots that live in the
 * server (the real WorkerDriver over an in-memory pipe). A scenario resets the
 * room, seeds its network and its bots from one seed, and plays a script;
 * with the same seed it plays the same way (exactly, in virtual time).
 */

import type { Clock } from "../shared/clock.ts";
import type { NetworkSettings } from "../shared/protocol.ts";
import { nineDigits, type Random, seededRandom } from "../shared/random.ts";
import { type ScenarioId, scenarioInfo } from "../shared/scenarios.ts";
import { type DriverHandlers, type DriverSocket, WorkerDriver } from "../shared/worker-driver.ts";
import { pipeTo } from "./pipe.ts";

/** What a scenario may do to its room: a narrow stage, not the whole room. */
export interface ScenarioStage {
  lastSeq(): number;
  epoch(): string;
  /** Empties the room: a new epoch. */
  reset(): void;
  /** Draws the room's network randomness from `seed` from now on. */
  reseed(seed: number): void;
  configure(network: NetworkSettings): void;
  /** Restarts the sequencer on its log, as after a crash. */
  restart(): void;
  /** The next message in flight on that link with that number is lost. */
  loseNext(direction: "up" | "down", workerId: number, number: number): void;
  /** Connects a bot to the room; `name` is the one the scenario's text uses, shown on its lane. */
  connect(handlers: DriverHandlers, name?: string): DriverSocket;
  /** A fresh tag for a run's bot cids, from the room's own random source (not the scenario's seed, which the board shows). */
  runTag(): string;
}

/** What the board shows of a scenario. */
export interface ScenarioState {
  readonly id: ScenarioId;
  readonly seed: number;
  readonly state: "running" | "done";
  /** How it ended, in words, once done. */
  readonly result: string;
}

/** A worker the scenario drives. */
export class Bot {
  readonly driver: WorkerDriver;
  private offlineUntil = 0;
  private stopped = false;

  constructor(
    readonly name: string,
    stage: ScenarioStage,
    private readonly clock: Clock,
    private readonly random: Random,
    /** Unguessable per run, so that no tab can take a bot's cid (and its name) by guessing it. */
    tag: string,
  ) {
    this.driver = new WorkerDriver({
      cid: `bot-${name}-${tag}`,
      renewCid: () => `bot-${name}-${tag}-${Math.floor(random.next() * 1e9)}`,
      now: clock.now,
      random,
      after: (ms, run) => clock.after(ms, run),
      connect: (handlers) => (clock.now() < this.offlineUntil ? pipeTo(null, handlers, clock) : stage.connect(handlers, name)),
      observe: () => {},
    });
    this.driver.start();
  }

  get id(): number {
    return this.driver.core.workerId ?? 0;
  }

  get delivered(): number {
    return this.driver.core.delivered.length;
  }

  /** Sends a random 9-digit number; while not connected (joining, or away), tries again shortly. */
  send(): void {
    if (typeof this.driver.send(nineDigits(this.random)) === "string" && !this.stopped) this.clock.after(50, () => this.send());
  }

  /** Loses the connection, and refuses to reconnect for `ms`. */
  offline(ms: number): void {
    this.offlineUntil = this.clock.now() + ms;
    this.driver.drop();
  }

  stop(): void {
    this.stopped = true;
    this.driver.stop();
  }
}

interface Script {
  readonly network: NetworkSettings;
  /** Starts the bots and schedules the script; returns the check that tells it is done, and its result. */
  play(ctx: ScriptContext): () => string | null;
}

interface ScriptContext {
  readonly room: ScenarioStage;
  bot(name: string): Bot;
  at(ms: number, run: () => void): void;
  /** Sends `count` messages from `bot`, `every` ms apart, from `start`. */
  sends(bot: Bot, count: number, every: number, start?: number): void;
}

const quiet = { loss: 0, dup: 0 };
const allDelivered = (bots: Bot[], total: number) => bots.every((b) => b.delivered === total && b.driver.core.unackedCount === 0);
const digestsAgree = (bots: Bot[]) => new Set(bots.map((b) => b.driver.core.orderDigest)).size === 1;

const SCRIPTS: Record<ScenarioId, Script> = {
  reordering: {
    network: { delay: 100, jitter: 1500, ...quiet },
    play({ bot, sends }) {
      const bots = ["A", "B", "C"].map(bot);
      for (const [i, b] of bots.entries()) sends(b, 5, 400, i * 130);
      return () => {
        if (!allDelivered(bots, 15) || !digestsAgree(bots)) return null;
        const held = bots.reduce((sum, b) => sum + b.driver.core.events.filter((e) => e.kind === "queued").length, 0);
        return `All 3 workers delivered the same 15 messages; ${held} arrivals waited in a hold-back queue on the way.`;
      };
    },
  },
  "lost-message": {
    network: { delay: 100, jitter: 300, ...quiet },
    play({ room, bot, at, sends }) {
      const a = bot("A");
      const b = bot("B");
      at(50, () => room.loseNext("down", b.id, 3));
      sends(a, 6, 300, 200);
      return () => {
        if (!allDelivered([a, b], 6) || !digestsAgree([a, b])) return null;
        const nacks = b.driver.core.events.filter((e) => e.kind === "nack").length;
        return `B lost #3, asked for it again ${nacks === 1 ? "once" : `${nacks} times`} (NACK) and got it from the log; both delivered the same 6 messages.`;
      };
    },
  },
  "late-joiner": {
    network: { delay: 50, jitter: 300, ...quiet },
    play({ bot, at, sends }) {
      const a = bot("A");
      const b = bot("B");
      const joined: Bot[] = [];
      sends(a, 8, 150, 100);
      sends(b, 8, 150, 175);
      at(3500, () => joined.push(bot("C")));
      return () => {
        const c = joined[0];
        if (!c || !allDelivered([a, b, c], 16) || !digestsAgree([a, b, c])) return null;
        return `C joined after all 16 messages were sent and caught up on every one of them, from seq 1; all 3 agree.`;
      };
    },
  },
  disconnect: {
    network: { delay: 50, jitter: 300, ...quiet },
    play({ bot, at, sends }) {
      const a = bot("A");
      const b = bot("B");
      let resumedAfter = -1;
      sends(a, 10, 300, 200);
      at(900, () => {
        resumedAfter = b.driver.core.lastDelivered;
        b.offline(2000);
      });
      return () => {
        if (!allDelivered([a, b], 10) || !digestsAgree([a, b])) return null;
        return `B was away for 2 s after delivering #${resumedAfter}, came back, resumed after it, and delivered all 10 messages once each, like A.`;
      };
    },
  },
  restart: {
    network: { delay: 50, jitter: 300, ...quiet },
    play({ room, bot, at, sends }) {
      const a = bot("A");
      const b = bot("B");
      let restartedAt = -1;
      sends(a, 6, 250, 100);
      sends(b, 6, 250, 225);
      at(1300, () => {
        restartedAt = room.lastSeq();
        room.restart();
      });
      return () => {
        if (restartedAt < 0 || !allDelivered([a, b], 12) || !digestsAgree([a, b])) return null;
        return `The sequencer restarted after #${restartedAt}; A and B reconnected, resumed and resent what was not acknowledged; 12 messages, stamped once each, delivered in the same order by both.`;
      };
    },
  },
};

/**
 * Once a scenario is done, its bots stay (their lanes show the result) until the room has
 * sequenced this many more messages: each bot keeps everything it delivers, like a tab.
 */
export const BOTS_RETIRE_AFTER = 5000;

/** Runs scenarios in one room; at most one at a time. */
export class ScenarioRunner {
  private bots: Bot[] = [];
  private run = 0;
  state: ScenarioState | null = null;

  constructor(
    private readonly room: ScenarioStage,
    private readonly clock: Clock,
  ) {}

  start(id: ScenarioId, seed: number): void {
    this.stop();
    const run = ++this.run;
    const script = SCRIPTS[id];
    const random = seededRandom(seed);
    this.room.reset();
    this.room.reseed(seed);
    const tag = this.room.runTag();
    this.room.configure(script.network);
    this.state = { id, seed, state: "running", result: "" };
    const alive = () => run === this.run;
    const ctx: ScriptContext = {
      room: this.room,
      bot: (name) => {
        const bot = new Bot(name, this.room, this.clock, random, tag);
        this.bots.push(bot);
        return bot;
      },
      at: (ms, fn) => this.clock.after(ms, () => alive() && fn()),
      sends: (bot, count, every, start = 0) => {
        for (let i = 0; i < count; i++) ctx.at(start + i * every, () => bot.send());
      },
    };
    const done = script.play(ctx);
    const check = () => {
      if (!alive()) return;
      const result = done();
      if (result === null) {
        this.clock.after(100, check);
        return;
      }
      this.state = { id, seed, state: "done", result };
      const doneAt = this.room.lastSeq();
      const epoch = this.room.epoch();
      const retire = () => {
        if (!alive()) return;
        // A reset (a new epoch) has moved on as well.
        if (this.room.epoch() === epoch && this.room.lastSeq() - doneAt < BOTS_RETIRE_AFTER) this.clock.after(1000, retire);
        else this.retire();
      };
      this.clock.after(1000, retire);
    };
    this.clock.after(100, check);
  }

  /** Stops the bots of the scenario that ran last. */
  stop(): void {
    this.run++;
    this.retire();
    this.state = null;
  }

  /** The bots leave; the scenario's result stays on the board. */
  private retire(): void {
    for (const bot of this.bots) bot.stop();
    this.bots = [];
  }

  get title(): string {
    return this.state ? scenarioInfo(this.state.id).title : "";
  }

  /** The bots, for tests. */
  get active(): readonly Bot[] {
    return this.bots;
  }
}
