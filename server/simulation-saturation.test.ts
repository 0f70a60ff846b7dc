/**
 * A saturated sequencer in virtual time: 50 workers, and a log that makes
 * appends durable up to 0.6 s late (acks come that late, as measured with 50
 * clients at saturation). Once the workers have measured the round trip, no
 * send that was only queued is resent: the resend timeout follows the acks.
 */
import { describe, expect, it } from "vitest";
import { nineDigits, randomFor } from "../shared/random.ts";
import { Simulation } from "./simulation.ts";

const WORKERS = 50;
const WARM_UP_MS = 5_000;
const RUN_MS = 20_000;

function saturated(seed: number, ackLateMs: () => number) {
  const sim = new Simulation(seed, { delay: 0, jitter: 0, loss: 0, dup: 0 }, ackLateMs);
  const r = randomFor(seed, "test sends");
  for (let i = 0; i < WORKERS; i++) {
    const worker = sim.addWorker(`w${i}`);
    const next = () => {
      if (sim.clock.now() > RUN_MS) return;
      if (typeof worker.driver.send(nineDigits(r)) !== "string") worker.sends++;
      sim.clock.after(500 + r.next() * 1000, next);
    };
    sim.clock.after(r.next() * 1000, next);
  }
  sim.clock.runUntil(() => false, RUN_MS + 10_000);
  const resentAfterWarmUp = sim.workers.flatMap((w) => w.driver.core.events).filter((e) => e.kind === "resent" && e.time > WARM_UP_MS);
  const sent = sim.workers.reduce((sum, w) => sum + w.sends, 0);
  return { sim, sent, resentAfterWarmUp: resentAfterWarmUp.length };
}

describe("resends on a lossy network", () => {
  it("a measured round trip does not slow repairs: two workers' 20 sends at 25% loss settle within 20 s, over 100 seeds", () => {
    // Samples from sends held behind a lost one once inflated the timeout up to its ceiling (p99 156 s).
    let slowest = 0;
    for (let seed = 1; seed <= 100; seed++) {
      const sim = new Simulation(seed, { delay: 20, jitter: 300, loss: 0.25, dup: 0.25 });
      const r = randomFor(seed, "test sends");
      const workers = [sim.addWorker("a"), sim.addWorker("b")];
      for (let i = 0; i < 10; i++) {
        for (const [k, worker] of workers.entries()) sim.clock.after(500 + i * 300 + k * 100, () => worker.driver.send(nineDigits(r)));
      }
      const settled = () => workers.every((w) => w.driver.core.delivered.length === 20);
      expect(sim.clock.runUntil(settled, 120_000)).toBe(true);
      slowest = Math.max(slowest, sim.clock.now());
    }
    expect(slowest).toBeLessThan(20_000);
  });
});

describe("resends at saturation", () => {
  it("with acks a steady 0.6 s late, no send is resent after warm-up, and every send is stamped once", () => {
    const { sim, sent, resentAfterWarmUp } = saturated(7, () => 600);
    expect(resentAfterWarmUp).toBe(0);
    expect(sim.room?.lastSeq).toBe(sent);
  });

  it("with acks anywhere from 0 to 0.6 s late, no send is resent after warm-up", () => {
    const r = randomFor(8, "ack lateness");
    const { sim, sent, resentAfterWarmUp } = saturated(8, () => r.next() * 600);
    expect(resentAfterWarmUp).toBe(0);
    expect(sim.room?.lastSeq).toBe(sent);
  });
});
