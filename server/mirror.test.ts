import { describe, expect, it } from "vitest";
import { OrderDigest } from "../shared/digest.ts";
import { ORDERING_MODES } from "../shared/ordering/modes.ts";
import type { OrderingMode, Stamped } from "../shared/protocol.ts";
import { randomInt, seededRandom } from "../shared/random.ts";
import { testWelcome } from "../shared/testing/welcome.ts";
import { WorkerCore } from "../shared/worker-core.ts";
import type { LogRecord } from "./log.ts";
import { Mirror } from "./mirror.ts";

const record = (seq: number): LogRecord => ({ seq, from: 1 + (seq % 3), cid: "c", n: seq, data: `d${seq}`, time: seq });

function worker(mode: OrderingMode): WorkerCore {
  const core = new WorkerCore(() => 0);
  core.join(testWelcome({ workerId: 7, cid: "w", epoch: "e", mode }));
  return core;
}

function stamped(r: LogRecord): Stamped {
  return { type: "stamped", seq: r.seq, from: r.from, n: r.n, data: r.data, time: r.time };
}

/** Seqs 1..count in a seeded order, some twice, some late, as a jittery link with duplication delivers them. */
function arrivals(seed: number, count: number): number[] {
  const random = seededRandom(seed);
  const seqs = Array.from({ length: count }, (_, i) => i + 1);
  for (let i = seqs.length - 1; i > 0; i--) {
    const j = randomInt(random, Math.max(0, i - 6), i);
    [seqs[i], seqs[j]] = [seqs[j] as number, seqs[i] as number];
  }
  const out: number[] = [];
  for (const seq of seqs) {
    out.push(seq);
    if (random.next() < 0.2) out.push(randomInt(random, 1, seq));
  }
  return out;
}

describe("the worker core and the server's mirror", () => {
  for (const { mode } of ORDERING_MODES) {
    it(`deliver the same sequence for the same arrivals in mode "${mode}"`, () => {
      for (let seed = 1; seed <= 20; seed++) {
        const core = worker(mode);
        const mirror = new Mirror(mode);
        const mirrored: number[] = [];
        for (const seq of arrivals(seed, 60)) {
          core.receive(stamped(record(seq)));
          mirrored.push(...mirror.arrive(record(seq), 0, 0).map((r) => r.seq));
        }
        expect(mirrored, `seed ${seed}`).toEqual(core.delivered.map((m) => m.seq));
        expect(mirror.orderDigest, `seed ${seed}`).toBe(core.orderDigest);
        expect(mirror.held(), `seed ${seed}`).toEqual(core.held().map((m) => m.seq));
      }
    });
  }

  it("agree after a resume when the mirror is rebuilt from the prefix the worker resumes after", () => {
    const core = worker("total");
    for (const seq of [1, 2, 3, 5]) core.receive(stamped(record(seq)));
    const after = core.delivery.resumeAfter;
    const digest = new OrderDigest();
    for (let seq = 1; seq <= after; seq++) digest.add(seq, record(seq).data);
    const mirror = new Mirror("total", { through: after, digest });
    expect(mirror.continues("total", after)).toBe(true);
    for (const seq of [5, 4, 6]) {
      core.receive(stamped(record(seq)));
      mirror.arrive(record(seq), 0, 0);
    }
    expect(mirror.orderDigest).toBe(core.orderDigest);
  });
});

describe("Mirror.continues", () => {
  it("in total order, only for a worker that resumes where the mirror stands", () => {
    const mirror = new Mirror("total");
    mirror.arrive(record(1), 0, 0);
    expect(mirror.continues("total", 1)).toBe(true);
    expect(mirror.continues("total", 0)).toBe(false);
  });

  it("without ordering, wherever the worker resumes", () => {
    const mirror = new Mirror("none");
    mirror.arrive(record(2), 0, 0);
    expect(mirror.continues("none", 0)).toBe(true);
    expect(mirror.continues("none", 5)).toBe(true);
  });

  it("never once the mode changed", () => {
    expect(new Mirror("none").continues("total", 0)).toBe(false);
  });
});
