/**
 * Seeded simulation: the real Room, Session and WorkerCore, with N workers
 * sending at random times over a simulated network with random delays, in
 * virtual time. Across many seeds every worker must deliver the same whole
 * sequence. A failing seed is printed; pin it below as a named test.
 */
import { describe, expect, it } from "vitest";
import { nineDigits, randomInt, seededRandom } from "../shared/random.ts";
import { Room } from "./room.ts";
import { InMemoryWorker } from "./test-worker.ts";
import { VirtualScheduler } from "./virtual-scheduler.ts";

interface Run {
  readonly workers: InMemoryWorker[];
  readonly sent: number;
  readonly queuedEvents: number;
}

function simulate(seed: number): Run {
  const random = seededRandom(seed);
  const scheduler = new VirtualScheduler();
  const settings = { delay: randomInt(random, 0, 50), jitter: randomInt(random, 0, 400) };
  const room = new Room({ settings: () => settings, scheduler, random });
  const workers: InMemoryWorker[] = [];
  let sent = 0;

  const join = () => {
    const worker = new InMemoryWorker(room, scheduler.now);
    worker.hello();
    workers.push(worker);
    const sends = randomInt(random, 1, 15);
    for (let i = 0; i < sends; i++) {
      scheduler.after(random.next() * 2000, () => worker.send(nineDigits(random)));
      sent++;
    }
  };
  const initial = randomInt(random, 2, 6);
  for (let i = 0; i < initial; i++) join();
  // Late joiners arrive while messages are in flight.
  const late = randomInt(random, 0, 2);
  for (let i = 0; i < late; i++) scheduler.after(random.next() * 2500, join);

  scheduler.run();
  const queuedEvents = workers.reduce((sum, w) => sum + w.core.events.filter((e) => e.kind === "queued").length, 0);
  return { workers, sent, queuedEvents };
}

function expectAgreement(run: Run, seed: number): void {
  const reference = run.workers[0]?.core.delivered.map((m) => `${m.seq}:${m.data}`);
  for (const worker of run.workers) {
    const delivered = worker.core.delivered.map((m) => `${m.seq}:${m.data}`);
    expect(delivered, `seed ${seed}: worker ${worker.core.workerId} disagrees`).toEqual(reference);
    expect(worker.core.held(), `seed ${seed}: worker ${worker.core.workerId} still holds messages`).toEqual([]);
    expect(worker.core.ownPending, `seed ${seed}: worker ${worker.core.workerId} lost its own sends`).toBe(0);
  }
  expect(reference?.length, `seed ${seed}: not every send was delivered`).toBe(run.sent);
  expect(new Set(run.workers.map((w) => w.core.orderDigest)).size).toBe(1);
}

describe("seeded simulation of the room", () => {
  it("delivers one identical order to every worker across 300 seeds, with the hold-back queue in use", () => {
    let queued = 0;
    let seedsWithQueueing = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const run = simulate(seed);
      expectAgreement(run, seed);
      queued += run.queuedEvents;
      if (run.queuedEvents > 0) seedsWithQueueing++;
    }
    expect(queued).toBeGreaterThan(0);
    // Most runs have jitter enough to reorder; the queue must do real work in them.
    expect(seedsWithQueueing).toBeGreaterThan(150);
  });

  it("replays a seed exactly", () => {
    const digests = (run: Run) => run.workers.map((w) => [w.core.workerId, w.core.orderDigest, w.core.events.length]);
    expect(digests(simulate(42))).toEqual(digests(simulate(42)));
  });
});
