import { describe, expect, it } from "vitest";
import { until, WaitTimeout, within } from "./wait.ts";

describe("until", () => {
  it("resolves once the condition holds", async () => {
    let checks = 0;
    await until(() => ++checks === 3, "the third check");
    expect(checks).toBe(3);
  });

  it("rejects after its deadline, naming what it waited for and the state then", async () => {
    let state = 0;
    const waiting = until(
      () => false,
      () => `the impossible (state ${++state})`,
      { timeoutMs: 30, intervalMs: 5 },
    );
    await expect(waiting).rejects.toThrow(WaitTimeout);
    await expect(waiting).rejects.toThrow(/^timed out after 30 ms waiting for the impossible \(state 1\)$/);
  });
});

describe("within", () => {
  it("passes the value through in time, and names what was late", async () => {
    expect(await within(Promise.resolve(7), "seven", 50)).toBe(7);
    await expect(within(new Promise(() => {}), "a promise that never settles", 20)).rejects.toThrow(
      "timed out after 20 ms waiting for a promise that never settles",
    );
  });
});
