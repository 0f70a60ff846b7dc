import { describe, expect, it } from "vitest";
import { ROUND_TRIP_CEILING_MS, RoundTrip } from "./round-trip.ts";

describe("RoundTrip", () => {
  it("uses the floor before any sample", () => {
    const rtt = new RoundTrip();
    expect(rtt.resendAfter(500)).toBe(500);
    expect(rtt.nackAfter(250)).toBe(250);
  });

  it("smooths samples as RFC 6298 does: SRTT, RTTVAR, RTO = SRTT + 4 RTTVAR", () => {
    const rtt = new RoundTrip();
    rtt.sample(600);
    expect(rtt.smoothed).toBe(600);
    expect(rtt.variation).toBe(300);
    expect(rtt.resendAfter(500)).toBe(600 + 4 * 300);
    rtt.sample(200);
    // RTTVAR = 3/4 × 300 + 1/4 × |600 − 200| = 325; SRTT = 7/8 × 600 + 1/8 × 200 = 550.
    expect(rtt.variation).toBe(325);
    expect(rtt.smoothed).toBe(550);
    expect(rtt.resendAfter(500)).toBe(550 + 4 * 325);
    expect(rtt.nackAfter(250)).toBe(4 * 325);
  });

  it("never goes below the floor from the settings, nor above the ceiling", () => {
    const rtt = new RoundTrip();
    for (let i = 0; i < 50; i++) rtt.sample(10);
    expect(rtt.resendAfter(3100)).toBe(3100);
    expect(rtt.nackAfter(1450)).toBe(1450);
    for (let i = 0; i < 50; i++) rtt.sample(i % 2 === 0 ? 100_000 : 0);
    expect(rtt.resendAfter(500)).toBe(ROUND_TRIP_CEILING_MS);
    expect(rtt.nackAfter(250)).toBe(ROUND_TRIP_CEILING_MS);
    // A floor above the ceiling (a slowed-down, very slow network) wins.
    expect(rtt.resendAfter(40_000)).toBe(40_000);
  });

  it("keeps a margin of one maintenance tick when the round trip never varies", () => {
    const rtt = new RoundTrip();
    for (let i = 0; i < 100; i++) rtt.sample(600);
    expect(rtt.resendAfter(500)).toBeCloseTo(700, 0);
  });

  it("doubles the timeout when a resend fires, at most once per timeout and up to 2×, until a valid sample", () => {
    const rtt = new RoundTrip();
    rtt.timedOut(0, 500);
    expect(rtt.resendAfter(500)).toBe(1000);
    // Another send's timer firing within the same timeout does not double again.
    rtt.timedOut(100, 1000);
    expect(rtt.resendAfter(500)).toBe(1000);
    rtt.timedOut(1000, 1000);
    expect(rtt.resendAfter(500)).toBe(1000);
    rtt.sample(600);
    expect(rtt.resendAfter(500)).toBe(1800);
  });

  it("starts afresh on reset", () => {
    const rtt = new RoundTrip();
    rtt.sample(5000);
    rtt.timedOut(0, 500);
    rtt.reset();
    expect(rtt.resendAfter(500)).toBe(500);
    expect(rtt.smoothed).toBeNull();
  });
});
