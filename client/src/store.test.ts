import { describe, expect, it } from "vitest";
import { testWelcome } from "../../shared/testing/welcome.ts";
import { type StampedMessage, WorkerCore, type WorkerEvent } from "../../shared/worker-core.ts";
import type { CoreView } from "./slices/types.ts";
import { createWorkerStore } from "./store.ts";

const message = (seq: number): StampedMessage => ({ seq, from: 2, n: seq, data: `d${seq}`, time: 0 });

/** A core view that holds `held` and has delivered `delivered`. */
function view(delivered: StampedMessage[], held: StampedMessage[] = []): CoreView {
  return {
    workerId: 3,
    held: () => held,
    missing: () => (held.length ? [delivered.length + 1] : []),
    asked: () => false,
    nextExpected: delivered.length + 1,
    delivered,
    orderDigest: `digest-${delivered.length}`,
    historyThrough: 0,
    isOwn: () => false,
  };
}

describe("the tab's store", () => {
  it("starts empty, connecting, with Auto off", () => {
    expect(createWorkerStore("empty", "lab").getState()).toMatchObject({
      room: "lab",
      status: "connecting",
      deliveredCount: 0,
      digest: "empty",
      auto: false,
    });
  });

  it("shows a batch of events: held, delivered, counted", () => {
    const store = createWorkerStore("empty");
    const queued: WorkerEvent[] = [{ kind: "queued", message: message(2), waitingFor: 1, repaired: false, time: 5 }];
    store.getState().showEvents(queued, view([], [message(2)]));
    expect(store.getState()).toMatchObject({ deliveredCount: 0, held: [{ seq: 2 }], missing: [{ seq: 1, asked: false }], nextExpected: 1 });
    const delivered: WorkerEvent[] = [
      { kind: "delivered", message: message(1), repaired: false, time: 9 },
      { kind: "delivered", message: message(2), repaired: false, time: 9 },
    ];
    store.getState().showEvents(delivered, view([message(1), message(2)]));
    expect(store.getState()).toMatchObject({ workerId: 3, deliveredCount: 2, held: [], digest: "digest-2", nextExpected: 3 });
  });

  it("offers no placeholders for history the sequencer is still replaying, only for seqs after it", () => {
    const store = createWorkerStore("empty");
    const core = new WorkerCore(() => 0);
    const welcome = testWelcome({ workerId: 3, historyThrough: 500 });
    store.getState().showEvents([core.join(welcome)], core);
    expect(store.getState().missing).toEqual([]);
    core.head(502);
    store.getState().showEvents([], core);
    expect(store.getState().missing).toEqual([
      { seq: 501, asked: false },
      { seq: 502, asked: false },
    ]);
  });

  it("counts this tab's sends", () => {
    const store = createWorkerStore("empty");
    const sent: WorkerEvent[] = [{ kind: "sent", n: 1, data: "x", time: 1 }];
    store.getState().showEvents(sent, view([]));
    store.getState().showEvents(sent, view([]));
    expect(store.getState().sentCount).toBe(2);
  });

  it("starts afresh with an empty view and says why", () => {
    const store = createWorkerStore("empty");
    store.getState().showEvents([{ kind: "delivered", message: message(1), repaired: false, time: 1 }], view([message(1)]));
    store.getState().startFresh("empty", "the log was reset");
    expect(store.getState()).toMatchObject({
      deliveredCount: 0,
      lane: [],
      lastError: { code: "FRESH_START", message: "the log was reset" },
    });
  });

  it("keeps the worker id when a status comes without one", () => {
    const store = createWorkerStore("empty");
    store.getState().setStatus("joined", "", 4);
    store.getState().setStatus("reconnecting", "connection lost; retrying in 0.3 s");
    expect(store.getState()).toMatchObject({ workerId: 4, status: "reconnecting", statusDetail: "connection lost; retrying in 0.3 s" });
  });

  it("applies the teacher's auto-send only when it changes, so the student may still switch it off", () => {
    const store = createWorkerStore("empty");
    store.getState().applyTeacherAuto(2);
    expect(store.getState()).toMatchObject({ auto: true, autoRate: 2 });
    store.getState().setAuto(false);
    store.getState().applyTeacherAuto(2);
    expect(store.getState().auto).toBe(false);
    store.getState().applyTeacherAuto(0);
    expect(store.getState().auto).toBe(false);
  });
});
