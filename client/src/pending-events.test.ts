import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PendingEvents } from "./pending-events.ts";
import type { WorkerState } from "./slices/types.ts";
import { emptyWorkerData } from "./slices/worker.ts";
import { createWorkerStore } from "./store.ts";
import { coreView, eventRecord, toEvent } from "./testing/events.ts";

/** The worker slice's view, without the store's actions. */
const workerData = (state: WorkerState) =>
  Object.fromEntries(Object.keys(emptyWorkerData("")).map((key) => [key, state[key as keyof WorkerState]]));

describe("PendingEvents", () => {
  it("shows what every event would, however the events came in", () => {
    fc.assert(
      fc.property(fc.array(fc.array(eventRecord, { maxLength: 200, size: "max" }), { maxLength: 5 }), (chunks) => {
        const pending = new PendingEvents();
        const [all, kept] = [createWorkerStore("empty"), createWorkerStore("empty")];
        let time = 0;
        const events = chunks.map((chunk) => chunk.map((e) => toEvent(e, time++)));
        for (const chunk of events) pending.add(chunk);
        all.getState().showEvents(events.flat(), coreView(5));
        kept.getState().showEvents(pending.take(), coreView(5));
        expect(workerData(kept.getState())).toEqual(workerData(all.getState()));
      }),
    );
  });

  it("keeps a catch-up's last rows, not all of it", () => {
    const pending = new PendingEvents();
    for (let batch = 0; batch < 10; batch++) {
      pending.add(Array.from({ length: 4096 }, (_, i) => toEvent({ kind: "delivered", seq: batch * 4096 + i + 1 }, 0)));
    }
    expect(pending.take().length).toBeLessThan(1000);
  });

  it("has nothing pending once taken", () => {
    const pending = new PendingEvents();
    pending.add([toEvent({ kind: "sent", seq: 1 }, 0)]);
    expect(pending.take()).toHaveLength(1);
    expect(pending.take()).toEqual([]);
  });
});
