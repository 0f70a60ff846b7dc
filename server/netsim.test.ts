import { describe, expect, it } from "vitest";
import { seededRandom } from "../shared/random.ts";
import { SimulatedLink } from "./netsim.ts";
import { VirtualClock } from "./testing/virtual-clock.ts";

function link(delay: number, jitter: number) {
  const clock = new VirtualClock();
  const arrived: number[] = [];
  const simulated = new SimulatedLink<number>(
    { settings: () => ({ delay, jitter, loss: 0, dup: 0 }), clock, random: seededRandom(1) },
    (m) => arrived.push(m),
  );
  return { clock, arrived, simulated };
}

describe("SimulatedLink", () => {
  it("with no delay and no jitter, delivers at once and in order", () => {
    const { arrived, simulated } = link(0, 0);
    for (let i = 1; i <= 5; i++) simulated.send(i);
    expect(arrived).toEqual([1, 2, 3, 4, 5]);
  });

  it("with jitter, lets messages overtake each other, and loses none", () => {
    const { clock, arrived, simulated } = link(10, 500);
    const sent = Array.from({ length: 50 }, (_, i) => i + 1);
    for (const m of sent) simulated.send(m);
    expect(arrived).toEqual([]);
    clock.run();
    expect([...arrived].sort((a, b) => a - b)).toEqual(sent);
    expect(arrived).not.toEqual(sent);
  });

  it("delays every message by at least the base delay", () => {
    const { clock, arrived, simulated } = link(300, 0);
    simulated.send(1);
    clock.after(299, () => expect(arrived).toEqual([]));
    clock.run();
    expect(clock.now()).toBe(300);
    expect(arrived).toEqual([1]);
  });

  it("drops what is in flight when closed", () => {
    const { clock, arrived, simulated } = link(10, 0);
    simulated.send(1);
    simulated.close();
    simulated.send(2);
    clock.run();
    expect(arrived).toEqual([]);
  });
});
