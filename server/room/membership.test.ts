import { expect, it } from "vitest";
import { seededRandom } from "../../shared/random.ts";
import { MemoryLog } from "../log.ts";
import { Membership, randomCid } from "./membership.ts";
import type { Member } from "./types.ts";

it("gives anonymous workers cids nobody can guess: 128 random bits, not the time and a counter", () => {
  const membership = new Membership(new MemoryLog(seededRandom(1)), () => 1_700_000_000_000);
  const cids = Array.from({ length: 100 }, () => membership.anonymousCid());
  for (const cid of cids) expect(cid).toMatch(/^anon-[A-Za-z0-9_-]{22}$/);
  expect(new Set(cids).size).toBe(100);
  expect(cids.join()).not.toContain((1_700_000_000_000).toString(36));
  expect(randomCid()).not.toBe(randomCid());
});

it("takes its cids from an injected source, for a seeded run", () => {
  let n = 0;
  const membership = new Membership(
    new MemoryLog(seededRandom(1)),
    () => 0,
    () => `anon-seeded-${++n}`,
  );
  expect([membership.anonymousCid(), membership.anonymousCid()]).toEqual(["anon-seeded-1", "anon-seeded-2"]);
});

it("keeps a bot's name only for the bot's own connection: another taking its cid has no name", () => {
  const membership = new Membership(new MemoryLog(seededRandom(1)), () => 0);
  const member = (cid: string) => ({ id: 1, cid }) as Member;
  const bot = member("bot-A-x1");
  membership.add(bot, "A");
  membership.remove(bot);
  membership.add(member("bot-A-x1"), null);
  expect([...membership.lanes()].map((l) => l.name)).toEqual([null]);
});
