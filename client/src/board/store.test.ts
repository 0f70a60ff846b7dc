import { describe, expect, it } from "vitest";
import type { Board } from "../../../shared/protocol.ts";
import { createBoardStore } from "./store.ts";

function boardMessage(change: Partial<Board> = {}): Board {
  return {
    type: "board",
    room: "default",
    now: 10_000,
    epoch: "e1",
    lastSeq: 0,
    network: { delay: 20, jitter: 400, loss: 0, dup: 0 },
    mode: "total",
    workers: [{ id: 1, connected: true, delivered: 0, digest: "d", held: [], name: null, offline: [], colour: 0, lag: 0 }],
    paused: false,
    slowdown: 1,
    auto: 0,
    flights: [],
    scenario: null,
    agreement: { agree: true, through: 0 },
    stamps: [],
    rows: [],
    followed: null,
    ...change,
  };
}

describe("the board's store", () => {
  it("is connected by a board message, and takes the sequencer's clock offset from it", () => {
    const store = createBoardStore("default", "k");
    store.getState().boardArrived(boardMessage(), 9_000);
    expect(store.getState()).toMatchObject({ connected: true, clockOffset: 1000, epoch: "e1", network: { delay: 20 } });
    store.getState().disconnected();
    expect(store.getState().connected).toBe(false);
  });

  it("merges rows and stamps within an epoch, and forgets them on a new one", () => {
    const store = createBoardStore("default", "k");
    store.getState().boardArrived(boardMessage({ stamps: [[1, 5, 1, 5]], rows: [[1, 1, 5, 6, null]] }), 0);
    store.getState().boardArrived(boardMessage({ stamps: [[2, 7, 1, 7]], rows: [[1, 1, 5, 6, 8]] }), 0);
    expect([...store.getState().stamps.keys()]).toEqual([1, 2]);
    expect(store.getState().lanes.get(1)?.get(1)).toEqual({ seq: 1, sentAt: 5, arrivedAt: 6, deliveredAt: 8 });
    store.getState().boardArrived(boardMessage({ epoch: "e2" }), 0);
    expect(store.getState().stamps.size).toBe(0);
    expect(store.getState().lanes.size).toBe(0);
  });

  it("copies only the lanes a board message adds rows to, and never changes an earlier state's lanes", () => {
    const store = createBoardStore("default", "k");
    const worker = (id: number) => ({ ...boardMessage().workers[0], id }) as Board["workers"][number];
    const workers = [worker(1), worker(2)];
    store.getState().boardArrived(
      boardMessage({
        workers,
        rows: [
          [1, 1, 5, 6, null],
          [2, 1, 5, 7, 9],
        ],
      }),
      0,
    );
    const before = store.getState().lanes;
    const [one, two] = [before.get(1), before.get(2)];
    store.getState().boardArrived(
      boardMessage({
        workers,
        rows: [
          [1, 1, 5, 6, 8],
          [1, 2, 6, 7, null],
        ],
      }),
      0,
    );
    const after = store.getState().lanes;
    expect(after.get(2)).toBe(two);
    expect(after.get(1)).not.toBe(one);
    expect([...(after.get(1)?.values() ?? [])].map((row) => [row.seq, row.deliveredAt])).toEqual([
      [1, 8],
      [2, null],
    ]);
    // The earlier state still shows what it showed.
    expect([...(one?.values() ?? [])]).toEqual([{ seq: 1, sentAt: 5, arrivedAt: 6, deliveredAt: null }]);
  });

  it("clears an error when new settings arrive, and says they changed", () => {
    const store = createBoardStore("default", "k");
    store.getState().showError("no key (KEY_REQUIRED)");
    store.getState().settingsArrived({
      type: "settings",
      network: { delay: 900, jitter: 0, loss: 0, dup: 0 },
      mode: "none",
      auto: 2,
      slowdown: 1,
      paused: false,
    });
    expect(store.getState()).toMatchObject({ error: null, notice: "Settings changed.", mode: "none", auto: 2, network: { delay: 900 } });
  });

  it("keeps the teacher's key as typed", () => {
    const store = createBoardStore("default", "");
    store.getState().setKey("secret");
    expect(store.getState().key).toBe("secret");
  });
});
