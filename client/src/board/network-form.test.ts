import { describe, expect, it } from "vitest";
import { draftOf, networkOf } from "./network-form.ts";

const draft = (change: Partial<Record<"delay" | "jitter" | "loss" | "dup", string>> = {}) => ({
  delay: "100",
  jitter: "1200",
  loss: "5",
  dup: "0",
  ...change,
});

describe("networkOf", () => {
  it("reads ms as ms and percentages as fractions", () => {
    expect(networkOf(draft())).toEqual({ ok: true, network: { delay: 100, jitter: 1200, loss: 0.05, dup: 0 } });
  });

  it("takes the largest delay the sequencer takes, and refuses one past it in the schema's words", () => {
    expect(networkOf(draft({ delay: "60000" })).ok).toBe(true);
    const refused = networkOf(draft({ delay: "60001" }));
    expect(refused).toMatchObject({ ok: false });
    expect(!refused.ok && refused.error).toMatch(/^Delay: .*60000/);
  });

  it("refuses a negative jitter", () => {
    const refused = networkOf(draft({ jitter: "-1" }));
    expect(!refused.ok && refused.error).toMatch(/^Jitter: .*0/);
  });

  it("refuses a loss over 100% and says how it is sent", () => {
    const refused = networkOf(draft({ loss: "150" }));
    expect(!refused.ok && refused.error).toMatch(/^Loss: .*1.*150% is 1\.5/);
  });

  it("refuses what is not a number", () => {
    const refused = networkOf(draft({ dup: "1e999" }));
    expect(!refused.ok && refused.error).toBe('Duplication: "1e999" is not a number');
  });

  it("reads an empty field as 0, as the number input gives it", () => {
    expect(networkOf(draft({ delay: "" }))).toMatchObject({ ok: true, network: { delay: 0 } });
  });
});

describe("draftOf", () => {
  it("shows fractions as percentages", () => {
    expect(draftOf({ delay: 20, jitter: 400, loss: 0.1, dup: 0.25 })).toEqual({ delay: "20", jitter: "400", loss: "10", dup: "25" });
  });
});
