/**
 * Arbitraries (fast-check) of well-formed client messages, one per type. The
 * record's type makes it list every type of ClientMessage: a type added to the
 * protocol fails type-checking here until it has an arbitrary.
 */
import fc from "fast-check";
import { CID_PATTERN, type ClientMessage, MAX_NACK_RANGE } from "../protocol.ts";
import { SCENARIO_IDS } from "../scenarios.ts";

type ClientType = ClientMessage["type"];

const key = fc.string({ maxLength: 200 });
const version = fc.integer();
const seq = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });
const millis = fc.double({ min: 0, max: 60_000, noNaN: true });
const probability = fc.double({ min: 0, max: 1, noNaN: true });
/** Text the protocol accepts as data: no control characters, no lone surrogates, 1 to 200 graphemes. */
export const validData = fc.string({ minLength: 1, maxLength: 200, unit: "grapheme" }).filter((s) => !/\p{Cc}/u.test(s));

const control: fc.Arbitrary<Extract<ClientMessage, { type: "control" }>> = fc.oneof(
  fc.record({ type: fc.constant("control"), key, action: fc.constantFrom("pause", "resume", "step") }),
  fc.record({ type: fc.constant("control"), key, action: fc.constant("slow"), factor: fc.double({ min: 1, max: 20, noNaN: true }) }),
  fc.record({
    type: fc.constant("control"),
    key,
    action: fc.constantFrom("hold", "release", "drop", "duplicate", "deliver"),
    id: fc.integer({ min: 1 }),
  }),
  fc.record({
    type: fc.constant("control"),
    key,
    action: fc.constant("scenario"),
    scenario: fc.constantFrom(...SCENARIO_IDS),
    seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  }),
  fc.record({ type: fc.constant("control"), key, action: fc.constant("autosend"), rate: fc.double({ min: 0, max: 10, noNaN: true }) }),
);

/** A well-formed message of each client type. */
export const validClientMessages: { readonly [T in ClientType]: fc.Arbitrary<Extract<ClientMessage, { type: T }>> } = {
  hello: fc.record(
    {
      type: fc.constant("hello"),
      version,
      cid: fc.stringMatching(CID_PATTERN),
      after: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
      epoch: fc.string({ maxLength: 64 }),
    },
    { requiredKeys: ["type", "version"] },
  ),
  send: fc.record({ type: fc.constant("send"), n: seq, data: validData }),
  follow: fc.record({ type: fc.constant("follow"), seq: fc.option(seq, { nil: null }) }),
  nack: seq.chain((from) =>
    fc.record({
      type: fc.constant("nack"),
      from: fc.constant(from),
      to: fc.integer({ min: from, max: Math.min(Number.MAX_SAFE_INTEGER, from + MAX_NACK_RANGE - 1) }),
    }),
  ),
  configure: fc.record(
    {
      type: fc.constant("configure"),
      key,
      network: fc.record({ delay: millis, jitter: millis, loss: probability, dup: probability }, { requiredKeys: [] }),
      mode: fc.constantFrom("total", "none"),
    },
    { requiredKeys: ["type", "key"] },
  ),
  reset: fc.record({ type: fc.constant("reset"), key }),
  watch: fc.record({ type: fc.constant("watch"), version }),
  control,
};

/** Every client message type, from the record above. */
export const CLIENT_TYPES = Object.keys(validClientMessages) as ClientType[];

/** A well-formed client message of any type. */
export const validClientMessage: fc.Arbitrary<ClientMessage> = fc.oneof(...Object.values(validClientMessages));
