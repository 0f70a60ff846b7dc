import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkProperty } from "../shared/testing/fast-check.ts";
import { MAX_HELD_BYTES, SendIntake } from "./intake.ts";

describe("SendIntake", () => {
  it("passes a sender's sends on in its order, each once", () => {
    const intake = new SendIntake();
    expect(intake.accept("a", 2, "two")).toEqual([]);
    expect(intake.accept("a", 1, "one")).toEqual([
      { n: 1, data: "one" },
      { n: 2, data: "two" },
    ]);
    expect(intake.accept("a", 2, "two")).toEqual([]);
    expect(intake.accept("b", 1, "b-one")).toEqual([{ n: 1, data: "b-one" }]);
  });

  it("continues after what the log holds", () => {
    const intake = new SendIntake();
    intake.logged("a", 5);
    expect(intake.lastLogged("a")).toBe(5);
    expect(intake.accept("a", 5, "again")).toEqual([]);
    expect(intake.accept("a", 6, "six")).toEqual([{ n: 6, data: "six" }]);
  });

  it("forgets a cid's held sends when told to (the worker left), so they are never stamped", () => {
    const intake = new SendIntake();
    for (let n = 2; n <= 201; n++) intake.accept("a", n, `d${n}`);
    intake.forgetHeld("a");
    expect(intake.heldBytes).toBe(0);
    expect(intake.accept("a", 1, "one")).toEqual([{ n: 1, data: "one" }]);
  });

  it("holds at most MAX_HELD_BYTES of data over all cids; beyond, a held send is dropped (the sender resends it)", () => {
    const intake = new SendIntake();
    const data = "é".repeat(1000); // 2,000 bytes in UTF-8
    const fits = Math.floor(MAX_HELD_BYTES / 2000);
    for (let k = 0; k < fits + 10; k++) intake.accept(`c${k % 3}`, 2 + Math.floor(k / 3), data);
    expect(intake.heldBytes).toBe(fits * 2000);
    expect(intake.heldBytes).toBeLessThanOrEqual(MAX_HELD_BYTES);
    // Stamping a cid's held sends frees their bytes.
    const released = intake.accept("c0", 1, "one");
    expect(released.length).toBeGreaterThan(1);
    expect(intake.heldBytes).toBeLessThan(fits * 2000);
  });

  it("property: any arrival order with any duplicates yields 1..n exactly once, in order", () => {
    checkProperty(
      fc.property(
        fc.integer({ min: 1, max: 40 }).chain((n) =>
          fc.tuple(
            fc.constant(n),
            fc.shuffledSubarray(
              [...Array(n).keys()].map((i) => i + 1),
              { minLength: n, maxLength: n },
            ),
            fc.array(fc.integer({ min: 1, max: n })),
          ),
        ),
        ([n, order, duplicates]) => {
          const intake = new SendIntake();
          const out: number[] = [];
          for (const k of [...order, ...duplicates]) out.push(...intake.accept("s", k, `d${k}`).map((r) => r.n));
          expect(out).toEqual([...Array(n).keys()].map((i) => i + 1));
        },
      ),
    );
  });
});
