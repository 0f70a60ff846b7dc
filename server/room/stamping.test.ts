/** The stamping pipeline keeps the send times of real sends (for the board's arrows), not of resends. */
import { expect, it } from "vitest";
import { seededRandom } from "../../shared/random.ts";
import { MemoryLog } from "../log.ts";
import { Membership } from "./membership.ts";
import { StampingPipeline } from "./stamping.ts";

it("remembers when a real send left, however many resends and made-up numbers of logged sends arrive meanwhile", () => {
  let time = 0;
  const log = new MemoryLog(seededRandom(1));
  const published: [string, number][] = [];
  const stamping = new StampingPipeline({
    log,
    now: () => time,
    members: new Membership(log, () => time),
    published: (record, sentAt) => published.push([record.cid, sentAt]),
    taking: () => true,
  });
  // Worker "a" has 20,000 sends logged.
  stamping.restore({ lastSeq: 0, senders: new Map([["a", { from: 1, n: 20_000 }]]) });
  time = 5;
  stamping.submitted("b", 1);
  // More than the 10,000 send times kept, all of sends already logged.
  for (let n = 1; n <= 15_000; n++) {
    time++;
    stamping.submitted("a", n);
  }
  time = 50_000;
  stamping.arrive("b", 2, { type: "send", n: 1, data: "x" });
  expect(published).toEqual([["b", 5]]);
});
