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
