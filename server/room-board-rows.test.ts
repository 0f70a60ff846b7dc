/** Which lane rows a board message carries at lecture scale: the first MAX_DRAWN_LANES lanes, and the followed message everywhere. */
import { describe, expect, it } from "vitest";
import { type Board, LANE_KEPT_OFFLINE_MS, MAX_DRAWN_LANES, MAX_LANE_ROWS } from "../shared/protocol.ts";
import { newestRows } from "./room/board-rows.ts";
import { Session } from "./session.ts";
import { testRoom } from "./testing/room.ts";
import { InMemoryWorker } from "./testing/worker.ts";

/** A room of `count` workers with a board watching; `watch` starts another board, which gets the whole picture. */
function lectureHall(count: number) {
  const { clock, room } = testRoom();
  const workers = Array.from({ length: count }, (_, i) => new InMemoryWorker(room, clock.now, `student-${i}`));
  for (const worker of workers) worker.hello();
  const watch = () => {
    const frames: Board[] = [];
    new Session(room, { send: (f) => frames.push(JSON.parse(f)), close: () => {} }, null).text('{"type":"watch","version":1}');
    return frames;
  };
  const frames = watch();
  const send = (i: number, data: string) => {
    workers[i]?.send(data);
    clock.run();
  };
  const push = (): Board => {
    room.board.push();
    const board = frames.at(-1);
    if (!board) throw new Error("no board message");
    return board;
  };
  return { clock, workers, room, ids: workers.map((w) => w.core.workerId), send, push, watch };
}

/** The worker ids that have a row of `seq` in `board`, in order. */
const lanesWith = (board: Board, seq: number) => board.rows.filter((row) => row[1] === seq).map((row) => row[0]);
const lanesWithAny = (board: Board) => [...new Set(board.rows.map((row) => row[0]))];

describe("the board's lane rows", () => {
  it("go for the first 40 lanes only, and the followed message's for all of them; the summaries cover everyone", () => {
    expect(MAX_DRAWN_LANES).toBe(40);
    const { room, ids, send, push, watch } = lectureHall(60);
    const drawn = ids.slice(0, MAX_DRAWN_LANES);
    send(0, "one");
    send(59, "two");
    room.following.follow(1, null);

    const first = push();
    expect(first.followed).toBe(1);
    expect(first.workers.map((w) => w.id)).toEqual(ids);
    expect(first.workers.every((w) => w.delivered === 2 && w.lag === 0)).toBe(true);
    expect(lanesWith(first, 1)).toEqual(ids);
    expect(lanesWith(first, 2)).toEqual(drawn);

    // Seq 3 is new on every lane, but only the drawn ones get its row; the followed row, unchanged, is not sent again.
    send(45, "three");
    const next = push();
    expect(next.workers).toHaveLength(60);
    expect(next.workers.every((w) => w.delivered === 3)).toBe(true);
    expect(lanesWithAny(next)).toEqual(drawn);
    expect(lanesWith(next, 3)).toEqual(drawn);

    // Following seq 3: the undrawn lanes get its row now.
    room.following.follow(3, null);
    expect(lanesWith(push(), 3)).toEqual(ids.slice(MAX_DRAWN_LANES));

    // A board that arrives now gets the whole picture on the same terms.
    const [whole] = watch();
    expect(whole?.workers).toHaveLength(60);
    for (const seq of [1, 2]) expect(whole && lanesWith(whole, seq)).toEqual(drawn);
    expect(whole && lanesWith(whole, 3)).toEqual(ids);
  });

  it("a lane that moves up among the first 40 gets all its rows once", () => {
    const { clock, workers, ids, send, push } = lectureHall(41);
    send(0, "one");
    send(1, "two");
    const before = push();
    expect(lanesWithAny(before)).not.toContain(ids[40]);
    // The first worker leaves, and its lane goes once it has been away long enough.
    workers[0]?.session.closed();
    clock.after(LANE_KEPT_OFFLINE_MS, () => {});
    clock.run();
    const after = push();
    expect(after.workers.map((w) => w.id)).toEqual(ids.slice(1));
    expect(lanesWithAny(after)).toEqual([ids[40]]);
    expect(lanesWith(after, 1)).toEqual([ids[40]]);
    expect(lanesWith(after, 2)).toEqual([ids[40]]);
  });
});

describe("newestRows", () => {
  const rows = (seqs: number[]) => seqs.map((seq) => ({ seq, sentAt: seq, arrivedAt: seq, deliveredAt: null }));

  it("keeps a lane's newest MAX_LANE_ROWS rows, and the followed one whatever its age", () => {
    const lane = rows(Array.from({ length: 400 }, (_, i) => 400 - i));
    expect(newestRows(lane, null).map((r) => r.seq)).toEqual(Array.from({ length: MAX_LANE_ROWS }, (_, i) => 101 + i));
    expect(newestRows(rows(Array.from({ length: 400 }, (_, i) => i + 1)), 7).map((r) => r.seq)).toContain(7);
    expect(newestRows(rows([3, 1, 2]), null)).toHaveLength(3);
  });
});
