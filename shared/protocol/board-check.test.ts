import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SCENARIO_IDS } from "../scenarios.ts";
import { checkProperty } from "../testing/fast-check.ts";
import { checkBoard } from "./board-check.ts";
import { ErrorCode } from "./codes.ts";
import { parseServerFrame } from "./parse.ts";
import { serverSchemas } from "./schemas.ts";
import type { Board } from "./types.ts";

// The spec checkBoard must match, exactly.
const boardSchema = serverSchemas.board;

const MAX = Number.MAX_SAFE_INTEGER;
const int = fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.constantFrom(MAX, -MAX, -0), fc.maxSafeInteger());
const count = fc.oneof(fc.nat(5000), fc.constant(MAX), fc.maxSafeNat());
const seq = fc.oneof(fc.integer({ min: 1, max: 5000 }), fc.constant(MAX), fc.integer({ min: 1, max: MAX }));
const number = fc.oneof(fc.integer({ min: 0, max: 2e12 }), fc.double({ noNaN: true, noDefaultInfinity: true }));
const orNull = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });
// Empty, short, or long: the board's rows run to thousands.
const list = <T>(item: fc.Arbitrary<T>, long: number) =>
  fc.oneof(fc.array(item, { maxLength: 4 }), fc.array(item, { minLength: long / 2, maxLength: long }));
const fraction = (max: number) => fc.double({ min: 0, max, noNaN: true });

const worker = fc.record(
  {
    id: int,
    connected: fc.boolean(),
    delivered: count,
    digest: fc.string(),
    held: list(seq, 40),
    name: orNull(fc.string()),
    offline: fc.array(fc.tuple(number, orNull(number)), { maxLength: 5 }),
    colour: count,
    lag: count,
  },
  // Older servers sent none of the last four.
  { requiredKeys: ["id", "connected", "delivered", "digest", "held"] },
);

const board = fc.record(
  {
    type: fc.constant("board"),
    room: fc.string(),
    now: number,
    epoch: fc.string(),
    lastSeq: count,
    network: fc.record({ delay: fraction(60_000), jitter: fraction(60_000), loss: fraction(1), dup: fraction(1) }),
    mode: fc.constantFrom("total", "none"),
    workers: list(worker, 30),
    paused: fc.boolean(),
    slowdown: number,
    auto: number,
    flights: list(fc.tuple(int, fc.constantFrom("up", "down"), int, int, number, fc.boolean()), 100),
    scenario: orNull(
      fc.record({ id: fc.constantFrom(...SCENARIO_IDS), seed: number, state: fc.constantFrom("running", "done"), result: fc.string() }),
    ),
    followed: orNull(seq),
    agreement: fc.oneof(
      fc.record({ agree: fc.constant(true), through: count }),
      fc.record({ agree: fc.constant(false), position: seq, workers: fc.tuple(int, int) }),
    ),
    stamps: list(fc.tuple(seq, number, int, number), 100),
    rows: list(fc.tuple(int, seq, number, number, orNull(number)), 400),
  },
  // Older servers sent no followed.
  {
    requiredKeys: [
      "type",
      "room",
      "now",
      "epoch",
      "lastSeq",
      "network",
      "mode",
      "workers",
      "paused",
      "slowdown",
      "auto",
      "flights",
      "scenario",
      "agreement",
      "stamps",
      "rows",
    ],
  },
);

/** checkBoard's answer matches zod's: the same value, or both refuse. */
function expectSameAsSchema(value: Record<string, unknown>): boolean {
  const spec = boardSchema.safeParse(value);
  const checked = checkBoard(value);
  if (spec.success) {
    expect(checked).toEqual({ ok: true, message: spec.data });
  } else {
    expect(checked).toMatchObject({
      ok: false,
      code: ErrorCode.BadMessage,
      message: expect.stringMatching(/^invalid "board" message: \w/),
    });
  }
  return spec.success;
}

type Node = Record<string | number, unknown>;
const childrenOf = (node: unknown): (string | number)[] =>
  Array.isArray(node) ? node.map((_, i) => i) : typeof node === "object" && node !== null ? Object.keys(node) : [];

const ODD_VALUES = ["x", "unknown", "up", "running", 0, -0, 1, -1, 0.5, 1.5, 60_001, 2 ** 53, Number.NaN, Infinity, true, null, [], {}];
const change = fc.record({
  steps: fc.array(fc.nat(), { minLength: 1, maxLength: 5 }),
  kind: fc.constantFrom("replace", "numeric", "delete", "extra"),
  odd: fc.constantFrom(...ODD_VALUES),
  numeric: fc.constantFrom(
    (x: number) => x + 0.5,
    (x: number) => -x - 1,
    (x: number) => x * 1e6 + 1,
    () => 2 ** 53,
  ),
});

/** A copy of `value` with one field somewhere changed: replaced, pushed out of range, deleted, or given an extra item or key. */
function mutated(value: object, { steps, kind, odd, numeric }: typeof change extends fc.Arbitrary<infer T> ? T : never): Node {
  const root = structuredClone(value) as Node;
  const pick = (node: unknown, step: number) => {
    const keys = childrenOf(node);
    return keys[step % keys.length] as string | number;
  };
  let parent = root;
  let key = pick(root, steps[0] ?? 0);
  for (const step of steps.slice(1)) {
    if (childrenOf(parent[key]).length === 0) break;
    parent = parent[key] as Node;
    key = pick(parent, step);
  }
  const target = parent[key];
  if (kind === "numeric" && typeof target === "number") parent[key] = numeric(target);
  else if (kind === "delete" && Array.isArray(parent)) parent.splice(key as number, 1);
  else if (kind === "delete") delete parent[key];
  else if (kind === "extra" && Array.isArray(target)) target.push(0);
  else if (kind === "extra" && typeof target === "object" && target !== null) (target as Node).extra = 1;
  else parent[key] = structuredClone(odd);
  return root;
}

describe("checkBoard, against boardSchema", () => {
  it("gives zod's value for any valid board, from JSON too", () => {
    checkProperty(
      fc.property(board, (value) => {
        expect(expectSameAsSchema(value)).toBe(true);
        const text = JSON.stringify(value);
        expect(parseServerFrame(text)).toEqual({ ok: true, message: boardSchema.parse(JSON.parse(text)) });
      }),
      { numRuns: 100 },
    );
  });

  it("refuses what zod refuses and takes what it takes, with one field changed anywhere", () => {
    let refused = 0;
    let runs = 0;
    checkProperty(
      fc.property(board, change, (value, how) => {
        runs++;
        if (!expectSameAsSchema(mutated(value, how))) refused++;
      }),
      { numRuns: 400 },
    );
    // Most changes break a board: a property that only ever saw valid boards would prove little.
    expect(refused).toBeGreaterThan(runs / 2);
  });
});

const base = (): Board => ({
  type: "board",
  room: "default",
  now: 1_767_225_600_000,
  epoch: "e1",
  lastSeq: 12,
  network: { delay: 100, jitter: 50, loss: 0, dup: 0 },
  mode: "total",
  workers: [
    { id: 7, connected: true, delivered: 10, digest: "ab", held: [12], name: "A", offline: [[1, 2]], colour: 0, lag: 2 },
    { id: 8, connected: false, delivered: 12, digest: "cd", held: [], name: null, offline: [[3, null]], colour: 1, lag: 0 },
  ],
  paused: false,
  slowdown: 1,
  auto: 0.5,
  flights: [[3, "down", 7, 12, 1_767_225_600_040, false]],
  scenario: { id: "reordering", seed: 42, state: "running", result: "" },
  followed: 11,
  agreement: { agree: false, position: 11, workers: [7, 8] },
  stamps: [[12, 1_767_225_599_990, 8, 1_767_225_599_900]],
  rows: [
    [7, 11, 1, 2, 3],
    [7, 12, 4, 5, null],
  ],
});
const frame = (edit: (board: Node) => void): string => {
  const value = base() as unknown as Node;
  edit(value);
  return JSON.stringify(value);
};
const at = (value: Node, ...path: (string | number)[]): Node => path.reduce((node, key) => node[key] as Node, value);

describe("parseServerFrame on a board", () => {
  it("takes a board as it came, ignoring fields it does not know", () => {
    const text = frame((b) => {
      b.later = 1;
      at(b, "workers", 0).later = 2;
      at(b, "network").later = 3;
    });
    expect(parseServerFrame(text)).toEqual({ ok: true, message: base() });
  });

  it("fills in what older servers left out", () => {
    const text = frame((b) => {
      delete b.followed;
      for (const key of ["name", "offline", "colour", "lag"]) delete at(b, "workers", 1)[key];
    });
    const parsed = parseServerFrame(text);
    expect(parsed).toMatchObject({ ok: true, message: { followed: null } });
    expect(parsed.ok && parsed.message.type === "board" && parsed.message.workers[1]).toEqual({
      id: 8,
      connected: false,
      delivered: 12,
      digest: "cd",
      held: [],
      name: null,
      offline: [],
      colour: 0,
      lag: 0,
    });
  });

  it.each([
    ["a row's seq is 0", (b: Node) => (at(b, "rows", 1)[1] = 0), "rows.1.1: must be a seq (a whole number from 1)"],
    [
      "a row is one item short",
      (b: Node) => (at(b, "rows") as unknown as unknown[][])[0]?.pop(),
      "rows.0: must be an array of 5 items, [workerId, seq, sentAt, arrivedAt, deliveredAt or null]",
    ],
    [
      "a flight has an extra item",
      (b: Node) => (at(b, "flights", 0) as unknown as unknown[]).push(1),
      'flights.0: must be an array of 6 items, [id, "up" or "down", workerId, seq or send number, dueAt, held]',
    ],
    ["a flight goes sideways", (b: Node) => (at(b, "flights", 0)[1] = "left"), 'flights.0.1: must be "up" or "down"'],
    ["a stamp's sender is not whole", (b: Node) => (at(b, "stamps", 0)[2] = 1.5), "stamps.0.2: must be a whole number"],
    [
      "a held seq is negative",
      (b: Node) => (at(b, "workers", 0, "held")[0] = -3),
      "workers.0.held.0: must be a seq (a whole number from 1)",
    ],
    [
      "an offline span ends in text",
      (b: Node) => (at(b, "workers", 1, "offline", 0)[1] = "x"),
      "workers.1.offline.0.1: must be a finite number or null",
    ],
    ["a worker's lag is negative", (b: Node) => (at(b, "workers", 0).lag = -1), "workers.0.lag: must be a count (a whole number from 0)"],
    ["lastSeq is missing", (b: Node) => delete b.lastSeq, "lastSeq: is missing"],
    ["rows is not an array", (b: Node) => (b.rows = {}), "rows: must be an array"],
    ["followed is 0", (b: Node) => (b.followed = 0), "followed: must be a seq (a whole number from 1) or null"],
    ["the delay is too long", (b: Node) => (at(b, "network").delay = 60_001), "network.delay: Too big: expected number to be <=60000"],
    ["the mode is unknown", (b: Node) => (b.mode = "fifo"), 'mode: Invalid option: expected one of "total"|"none"'],
    ["the scenario has an extra key", (b: Node) => (at(b, "scenario").extra = 1), 'scenario: Unrecognized key: "extra"'],
    ["the agreement is neither shape", (b: Node) => (at(b, "agreement").agree = 1), "agreement: Invalid input"],
  ])("refuses a board when %s, naming the field", (_, edit, problem) => {
    expect(parseServerFrame(frame(edit))).toEqual({
      ok: false,
      code: ErrorCode.BadMessage,
      message: `invalid "board" message: ${problem}`,
    });
  });

  it("names board once among the types it knows", () => {
    const parsed = parseServerFrame('{"type":"nope"}');
    expect(parsed).toMatchObject({ ok: false, code: ErrorCode.UnknownType });
    expect(parsed.ok ? "" : parsed.message.match(/\bboard\b/g)).toHaveLength(1);
  });
});
