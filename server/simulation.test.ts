/**
 * Seeded simulation: the real room, sessions, drivers and cores in virtual
 * time, with random delays, loss, duplication, disconnects, late joiners and
 * sequencer crashes. Across many seeds, the checker must find nothing: no
 * message lost, duplicated or invented, one order everywhere. A failing seed
 * is printed; pin it below as a named test.
 */
import { describe, expect, it } from "vitest";
import { check } from "../shared/checker.ts";
import { parseHistory } from "../shared/history.ts";
import { nineDigits, randomInt, seededRandom } from "../shared/random.ts";
import { type SimulatedWorker, Simulation } from "./simulation.ts";

interface Plan {
  readonly faults: boolean;
}

interface Outcome {
  readonly sim: Simulation;
  readonly planned: number;
  readonly settled: boolean;
  readonly queued: number;
  readonly nacks: number;
}

function runSeed(seed: number, { faults }: Plan): Outcome {
  const r = seededRandom(seed ^ 0x5eed);
  const pick = <T>(options: readonly T[]) => options[randomInt(r, 0, options.length - 1)] as T;
  const settings = {
    delay: randomInt(r, 0, 50),
    jitter: randomInt(r, 0, 300),
    loss: faults ? pick([0, 0.05, 0.2]) : 0,
    dup: faults ? pick([0, 0.05, 0.2]) : 0,
  };
  const sim = new Simulation(seed, settings);
  let planned = 0;

  const plan = (worker: SimulatedWorker, sends: number, start: number) => {
    for (let i = 0; i < sends; i++) {
      planned++;
      const attempt = () => {
        const result = worker.driver.send(nineDigits(r));
        if (typeof result === "string") sim.clock.after(100, attempt);
        else worker.sends++;
      };
      sim.clock.after(start + r.next() * 3000, attempt);
    }
  };
  const initial = randomInt(r, 2, 5);
  for (let i = 0; i < initial; i++) plan(sim.addWorker(`w${i}`), randomInt(r, 1, 12), 0);
  if (r.next() < 0.5) {
    const at = 1000 + r.next() * 3000;
    sim.clock.after(at, () => plan(sim.addWorker("late"), randomInt(r, 0, 5), 0));
  }
  if (faults) {
    const drops = randomInt(r, 0, 3);
    for (let i = 0; i < drops; i++) {
      sim.clock.after(r.next() * 5000, () => pick(sim.workers).driver.drop());
    }
    if (r.next() < 0.4) {
      sim.clock.after(500 + r.next() * 3500, () => {
        sim.crash();
        sim.clock.after(50 + r.next() * 450, () => sim.restart());
      });
    }
  }

  const settled = sim.clock.runUntil(
    () =>
      sim.workers.reduce((sum, w) => sum + w.sends, 0) === planned &&
      sim.workers.every((w) => w.driver.core.delivered.length === planned && w.driver.core.unackedCount === 0),
    300_000,
  );
  const events = sim.workers.flatMap((w) => w.driver.core.events);
  return {
    sim,
    planned,
    settled,
    queued: events.filter((e) => e.kind === "queued").length,
    nacks: events.filter((e) => e.kind === "nack").length,
  };
}

function expectSound(seed: number, outcome: Outcome): void {
  const { sim } = outcome;
  const summary = () =>
    `seed ${seed}: ${outcome.planned} planned; ` +
    sim.workers
      .map((w) => `${w.name} sent ${w.sends}, delivered ${w.driver.core.delivered.length}, unacked ${w.driver.core.unackedCount}`)
      .join("; ");
  expect(outcome.settled, `did not settle: ${summary()}`).toBe(true);
  const report = check(sim.workers.map((w) => ({ name: w.name, records: parseHistory(w.history.join("\n")) })));
  expect(report.examples, summary()).toEqual([]);
  expect(report.ok, summary()).toBe(true);
  expect(report.sent).toBe(outcome.planned);
}

describe("seeded simulation of the room", () => {
  it("delivers one identical order everywhere across 200 seeds without faults, with the hold-back queue in use", () => {
    let seedsWithQueueing = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const outcome = runSeed(seed, { faults: false });
      expectSound(seed, outcome);
      if (outcome.queued > 0) seedsWithQueueing++;
    }
    expect(seedsWithQueueing).toBeGreaterThan(100);
  });

  it("loses nothing and duplicates nothing across 200 seeds with loss, duplication, disconnects and crashes", () => {
    let nacks = 0;
    let crashes = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const outcome = runSeed(seed, { faults: true });
      expectSound(seed, outcome);
      nacks += outcome.nacks;
      crashes += outcome.sim.crashes;
    }
    // The faults must really have happened, and been repaired.
    expect(nacks).toBeGreaterThan(0);
    expect(crashes).toBeGreaterThan(20);
  });

  it("seed 55: a worker id handed out before a crash is never given to another worker", () => {
    // Found by the fault run: after a restart the id of a worker with nothing logged went to
    // another worker, whose messages the first then took for its own and stopped resending.
    // The seed's run changed when the simulation took one random stream per concern, so the
    // steps it found are pinned here as they happened, and the seed still runs soundly.
    const sim = new Simulation(55, { delay: 5, jitter: 20, loss: 0, dup: 0 });
    const first = sim.addWorker("first");
    expect(sim.clock.runUntil(() => first.driver.isJoined, 5000)).toBe(true);
    const firstId = first.driver.core.workerId;
    sim.crash();
    sim.restart();
    const second = sim.addWorker("second");
    expect(sim.clock.runUntil(() => second.driver.isJoined && first.driver.isJoined, 30_000)).toBe(true);
    expect(second.driver.core.workerId).not.toBe(firstId);
    expect(first.driver.core.workerId).not.toBe(second.driver.core.workerId);
    expectSound(55, runSeed(55, { faults: true }));
  });

  it("a send refused for the rate limit is not lost: it goes again later", () => {
    // Found by the chaos run: RATE_LIMITED made workers drop the send for good.
    const sim = new Simulation(9, { delay: 5, jitter: 20, loss: 0, dup: 0 }, 2, 10);
    const worker = sim.addWorker("burst");
    sim.clock.runUntil(() => worker.driver.isJoined, 1000);
    for (let i = 0; i < 40; i++) worker.driver.send(`m${i}`);
    const settled = sim.clock.runUntil(() => worker.driver.core.delivered.length === 40, 60_000);
    expect(settled).toBe(true);
    expect(worker.driver.core.delivered.map((m) => m.data)).toEqual(Array.from({ length: 40 }, (_, i) => `m${i}`));
  });

  it("replays a seed exactly", () => {
    const fingerprint = (outcome: Outcome) =>
      outcome.sim.workers.map((w) => [w.name, w.driver.core.orderDigest, w.driver.core.events.length]);
    expect(fingerprint(runSeed(42, { faults: true }))).toEqual(fingerprint(runSeed(42, { faults: true })));
  });
});
