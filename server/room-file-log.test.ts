/**
 * A room on the real file log with a tiny in-memory window: late joiners,
 * NACKs and the board are served from the file, and a room reopened on the
 * log knows its workers again.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { orderDigest } from "../shared/digest.ts";
import { type Board, PROTOCOL_VERSION, parseServerFrame } from "../shared/protocol.ts";
import { seededRandom } from "../shared/random.ts";
import { until } from "../shared/testing/wait.ts";
import { FileLog } from "./file-log.ts";
import { DIRECT } from "./netsim.ts";
import { Room } from "./room.ts";
import { VirtualClock } from "./testing/virtual-clock.ts";
import { InMemoryWorker } from "./testing/worker.ts";

const WINDOW = { records: 16, chars: 100_000 };
const MESSAGES = 3000;
const fail = (error: Error) => {
  throw error;
};

function openRoom(dir: string) {
  const clock = new VirtualClock();
  const log = FileLog.open(dir, seededRandom(7), () => {}, fail, WINDOW);
  const room = new Room({ clock, random: seededRandom(7), settings: DIRECT, log, teacherKey: null });
  const worker = (cid: string) => new InMemoryWorker(room, clock.now, cid);
  return { clock, log, room, worker };
}

/** Lets the file log commit, and the room publish, everything appended so far. */
async function settle(log: FileLog, room: Room, seq: number): Promise<void> {
  await until(
    async () => {
      if (room.lastSeq < seq) await log.flushed();
      return room.lastSeq >= seq;
    },
    () => `the room to publish seq ${seq} (it is at ${room.lastSeq})`,
  );
}

describe("A room on the file log, with most of its history only on disk", () => {
  it("catches up a late joiner, answers NACKs and shows the board from the file; a reopened room knows its workers", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ordercast-room-"));
    const { clock, log, room, worker } = openRoom(dir);
    const a = worker("a");
    a.hello();
    for (let i = 1; i <= MESSAGES; i++) a.send(`m${i}`);
    await settle(log, room, MESSAGES);
    expect(log.inMemory).toBe(WINDOW.records);
    expect(a.core.delivered).toHaveLength(MESSAGES);

    // A late joiner gets all of it, though all but 16 records are read back from the file.
    const late = worker("late");
    late.hello();
    clock.run();
    expect(late.core.delivered.map((m) => m.data)).toEqual(a.core.delivered.map((m) => m.data));
    expect(late.core.orderDigest).toBe(a.core.orderDigest);

    // A NACK for old seqs is answered from the file.
    const before = late.stampedSeqs().length;
    late.session.text(JSON.stringify({ type: "nack", from: 10, to: 20 }));
    expect(late.stampedSeqs().slice(before)).toEqual(Array.from({ length: 11 }, (_, i) => 10 + i));

    // A board watches; a worker resuming halfway has its delivered prefix's digest taken from the log.
    const boards: Board[] = [];
    room.board.watch({
      send: (frame) => {
        const parsed = parseServerFrame(frame);
        if (parsed.ok && parsed.message.type === "board") boards.push(parsed.message);
      },
      close: () => {},
    });
    const resumer = worker("resumer");
    resumer.session.text(JSON.stringify({ type: "hello", version: PROTOCOL_VERSION, cid: "resumer", after: 1500, epoch: room.epoch }));
    clock.run();
    expect(resumer.stampedSeqs()[0]).toBe(1501);
    room.board.push();
    const shown = boards.at(-1)?.workers.find((w) => w.id === resumer.core.workerId);
    expect(shown?.delivered).toBe(MESSAGES);
    expect(shown?.digest).toBe(orderDigest(a.core.delivered));
    expect(boards[0]?.stamps.at(-1)).toEqual([MESSAGES, expect.any(Number), expect.any(Number), expect.any(Number)]);
    await log.close();

    // Reopened: the same ids and send counts, and the history is still there.
    const reopened = openRoom(dir);
    const again = reopened.worker("a");
    again.hello();
    expect(again.received[0]).toMatchObject({ type: "welcome", workerId: a.core.workerId, lastN: MESSAGES, historyThrough: MESSAGES });
    reopened.clock.run();
    expect(again.core.orderDigest).toBe(a.core.orderDigest);
    await reopened.log.close();
  });
});
