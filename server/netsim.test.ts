import { describe, expect, it } from "vitest";
import { seededRandom } from "../shared/random.ts";
import { SimulatedLink } from "./netsim.ts";
import { VirtualScheduler } from "./testing/virtual-scheduler.ts";

function link(delay: number, jitter: number) {
  const scheduler = new VirtualScheduler();
  const arrived: number[] = [];
  const simulated = new SimulatedLink<number>(
    { settings: () => ({ delay, jitter, loss: 0, dup: 0 }), scheduler, random: seededRandom(1) },
    (m) => arrived.push(m),
  );
  return { scheduler, arrived, simulated };
}

describe("SimulatedLink", () => {
  it("with no delay and no jitter, delivers at once and in order", () => {
    const { arrived, simulated } = link(0, 0);
    for (let i = 1; i <= 5; i++) simulated.send(i);
    expect(arrived).toEqual([1, 2, 3, 4, 5]);
  });

  it("with jitter, lets messages overtake each other, and loses none", () => {
    const { scheduler, arrived, simulated } = link(10, 500);
    const sent = Array.from({ length: 50 }, (_, i) => i + 1);
    for (const m of sent) simulated.send(m);
    expect(arrived).toEqual([]);
    scheduler.run();
    expect([...arrived].sort((a, b) => a - b)).toEqual(sent);
    expect(arrived).not.toEqual(sent);
  });

  it("delays every message by at least the base delay", () => {
    const { scheduler, arrived, simulated } = link(300, 0);
    simulated.send(1);
    scheduler.after(299, () => expect(arrived).toEqual([]));
    scheduler.run();
    expect(scheduler.now()).toBe(300);
    expect(arrived).toEqual([1]);
  });

  it("drops what is in flight when closed", () => {
    const { scheduler, arrived, simulated } = link(10, 0);
    simulated.send(1);
    simulated.close();
    simulated.send(2);
    scheduler.run();
    expect(arrived).toEqual([]);
  });
});
