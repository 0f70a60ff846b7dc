/** A welcome as the sequencer sends it, for tests: a first join to a quiet room, with `change` applied. */
import type { Welcome } from "../protocol.ts";

export function testWelcome(change: Partial<Welcome> = {}): Welcome {
  return {
    type: "welcome",
    version: 1,
    workerId: 1,
    cid: "c",
    epoch: "e1",
    historyThrough: 0,
    lastN: 0,
    serverTime: 0,
    network: { delay: 0, jitter: 0, loss: 0, dup: 0 },
    mode: "total",
    auto: 0,
    slowdown: 1,
    paused: false,
    followed: null,
    ...change,
  };
}
