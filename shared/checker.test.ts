import { describe, expect, it } from "vitest";
import { check } from "./checker.ts";
import type { HistoryRecord } from "./history.ts";

const joined = (cid: string, workerId: number): HistoryRecord => ({ event: "joined", cid, workerId, time: 0 });
const sent = (cid: string, from: number, n: number, data: string): HistoryRecord => ({ event: "sent", cid, from, n, data, time: 0 });
const got = (seq: number, from: number, n: number, data: string): HistoryRecord => ({ event: "delivered", seq, from, n, data, time: 0 });

/** Two workers, a (id 1) and b (id 2), each sending one message. */
const good = () => [
  { name: "a", records: [joined("a", 1), sent("a", 1, 1, "x"), got(1, 1, 1, "x"), got(2, 2, 1, "y")] },
  { name: "b", records: [joined("b", 2), sent("b", 2, 1, "y"), got(1, 1, 1, "x"), got(2, 2, 1, "y")] },
];

describe("check", () => {
  it("passes a sound run", () => {
    const report = check(good());
    expect(report).toMatchObject({ ok: true, converged: true, workers: 2, sent: 2, delivered: 4 });
    expect(Object.values(report.counts).every((c) => c === 0)).toBe(true);
  });

  it("reports a message one worker never delivered as lost, and no convergence", () => {
    const histories = good();
    histories[1]?.records.pop();
    const report = check(histories);
    expect(report.counts.lost).toBe(1);
    expect(report.converged).toBe(false);
    expect(report.ok).toBe(false);
  });

  it("reports a delivery repeated", () => {
    const histories = good();
    histories[0]?.records.push(got(3, 2, 1, "y"));
    expect(check(histories).counts.duplicated).toBe(1);
  });

  it("reports a delivery never sent", () => {
    const histories = good();
    for (const h of histories) h.records.push(got(3, 1, 2, "ghost"));
    expect(check(histories).counts.unexpected).toBe(2);
  });

  it("reports two workers that disagree at a seq", () => {
    const histories = [
      { name: "a", records: [joined("a", 1), sent("a", 1, 1, "x"), got(1, 1, 1, "x"), got(2, 2, 1, "y")] },
      { name: "b", records: [joined("b", 2), sent("b", 2, 1, "y"), got(1, 2, 1, "y"), got(2, 1, 1, "x")] },
    ];
    const report = check(histories);
    expect(report.counts.order).toBe(2);
    expect(report.converged).toBe(false);
  });

  it("reports a gap in a worker's seqs", () => {
    const histories = good();
    const a = histories[0];
    if (a) a.records.splice(2, 1);
    expect(check(histories).counts.gap).toBe(1);
  });

  it("reports a sender's messages delivered out of its order", () => {
    const histories = [
      {
        name: "a",
        records: [joined("a", 1), sent("a", 1, 1, "first"), sent("a", 1, 2, "second"), got(1, 1, 2, "second"), got(2, 1, 1, "first")],
      },
    ];
    expect(check(histories).counts.fifo).toBe(1);
  });

  it("follows a worker across a new id after a restart, by its cid", () => {
    const histories = [{ name: "a", records: [joined("a", 1), sent("a", 1, 1, "x"), joined("a", 1001), got(1, 1001, 1, "x")] }];
    expect(check(histories).ok).toBe(true);
  });
});
