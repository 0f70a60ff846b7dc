/**
 * The board's `board` message, checked by hand. A board arrives about five
 * times a second with thousands of rows, and its zod schema cost about three
 * times the JSON.parse: most of the message handler's share of a frame.
 *
 * It accepts exactly what boardSchema (schemas.ts, the spec) accepts, and
 * gives the same value: unknown fields dropped, older servers' missing fields
 * filled in. The long arrays are checked with plain loops; the few small
 * objects (network settings, mode, scenario, agreement) go to their schemas,
 * so those rules are written once.
 */
import type { z } from "zod";
import { ErrorCode } from "./codes.ts";
import { agreementSchema, boardScenarioSchema, modeSchema, serverNetworkSchema } from "./schemas.ts";
import type { Board, BoardWorker, Parsed } from "./types.ts";

/** One rule a value must meet, and how to say so when it does not. */
interface Rule {
  readonly test: (value: unknown) => boolean;
  readonly want: string;
}

// z.number() takes finite numbers only; z.number().int() takes safe integers only.
const isNumber = (value: unknown): boolean => typeof value === "number" && Number.isFinite(value);
const isCount = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) >= 0;
const isSeq = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) >= 1;

const NUMBER: Rule = { test: isNumber, want: "must be a finite number" };
const NUMBER_OR_NULL: Rule = { test: (value) => value === null || isNumber(value), want: "must be a finite number or null" };
const INT: Rule = { test: Number.isSafeInteger, want: "must be a whole number" };
const COUNT: Rule = { test: isCount, want: "must be a count (a whole number from 0)" };
const SEQ: Rule = { test: isSeq, want: "must be a seq (a whole number from 1)" };
const STRING: Rule = { test: (value) => typeof value === "string", want: "must be a string" };
const BOOLEAN: Rule = { test: (value) => typeof value === "boolean", want: "must be true or false" };
const DIRECTION: Rule = { test: (value) => value === "up" || value === "down", want: 'must be "up" or "down"' };

/** A fixed-length array, item by item, and what it holds for the message. */
interface Tuple {
  readonly items: readonly Rule[];
  readonly shape: string;
}

const ROW: Tuple = { items: [INT, SEQ, NUMBER, NUMBER, NUMBER_OR_NULL], shape: "[workerId, seq, sentAt, arrivedAt, deliveredAt or null]" };
const FLIGHT: Tuple = {
  items: [INT, DIRECTION, INT, INT, NUMBER, BOOLEAN],
  shape: '[id, "up" or "down", workerId, seq or send number, dueAt, held]',
};
const STAMP: Tuple = { items: [SEQ, NUMBER, INT, NUMBER], shape: "[seq, stampedAt, from, sentAt]" };
const OFFLINE: Tuple = { items: [NUMBER, NUMBER_OR_NULL], shape: "[from, to or null]" };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

const failure = (path: string, value: unknown, rule: Rule): string => `${path}: ${value === undefined ? "is missing" : rule.want}`;

/** The first item of `list` (at `path`) that is not `tuple`, or null when all are. */
function listProblem(list: unknown, path: string, tuple: Tuple): string | null {
  if (!Array.isArray(list)) return `${path}: ${list === undefined ? "is missing" : "must be an array"}`;
  const { items, shape } = tuple;
  const length = items.length;
  for (let i = 0; i < list.length; i++) {
    const item: unknown = list[i];
    if (!Array.isArray(item) || item.length !== length) {
      return `${path}.${i}: must be an array of ${length} items, ${shape}`;
    }
    for (let j = 0; j < length; j++) {
      const rule = items[j] as Rule;
      if (!rule.test(item[j])) return `${path}.${i}.${j}: ${rule.want}`;
    }
  }
  return null;
}

/** The first item of a list of seqs that is not one, or null. */
function seqsProblem(list: unknown, path: string): string | null {
  if (!Array.isArray(list)) return `${path}: ${list === undefined ? "is missing" : "must be an array"}`;
  for (let i = 0; i < list.length; i++) if (!isSeq(list[i])) return `${path}.${i}: ${SEQ.want}`;
  return null;
}

const WORKER_FIELDS: readonly (readonly [string, Rule])[] = [
  ["id", INT],
  ["connected", BOOLEAN],
  ["delivered", COUNT],
  ["digest", STRING],
];
const NAME: Rule = { test: (value) => value === null || typeof value === "string", want: "must be a string or null" };

function workerProblem(worker: unknown, path: string): string | null {
  if (!isObject(worker)) return `${path}: must be an object`;
  for (const [key, rule] of WORKER_FIELDS) if (!rule.test(worker[key])) return failure(`${path}.${key}`, worker[key], rule);
  const held = seqsProblem(worker.held, `${path}.held`);
  if (held !== null) return held;
  // Older servers sent none of these four.
  const { name, offline, colour, lag } = worker;
  if (name !== undefined && !NAME.test(name)) return `${path}.name: ${NAME.want}`;
  if (offline !== undefined) {
    const problem = listProblem(offline, `${path}.offline`, OFFLINE);
    if (problem !== null) return problem;
  }
  if (colour !== undefined && !isCount(colour)) return `${path}.colour: ${COUNT.want}`;
  if (lag !== undefined && !isCount(lag)) return `${path}.lag: ${COUNT.want}`;
  return null;
}

/** A checked worker with only the fields it knows, and the defaults for what older servers left out. */
function workerOf(worker: Record<string, unknown>): BoardWorker {
  const { id, connected, delivered, digest, held, name, offline, colour, lag } = worker as Partial<BoardWorker>;
  return {
    id,
    connected,
    delivered,
    digest,
    held,
    name: name === undefined ? null : name,
    offline: offline === undefined ? [] : offline,
    colour: colour === undefined ? 0 : colour,
    lag: lag === undefined ? 0 : lag,
  } as BoardWorker;
}

const FIELDS: readonly (readonly [string, Rule])[] = [
  ["room", STRING],
  ["now", NUMBER],
  ["epoch", STRING],
  ["lastSeq", COUNT],
  ["paused", BOOLEAN],
  ["slowdown", NUMBER],
  ["auto", NUMBER],
];
const FOLLOWED: Rule = { test: (value) => value === null || isSeq(value), want: "must be a seq (a whole number from 1) or null" };

/** Everything but the small parts, in order; null when it is all well. */
function problemOf(value: Record<string, unknown>): string | null {
  if (value.type !== "board") return 'type: must be "board"';
  for (const [key, rule] of FIELDS) if (!rule.test(value[key])) return failure(key, value[key], rule);
  const { workers, followed } = value;
  if (!Array.isArray(workers)) return failure("workers", workers, { test: Array.isArray, want: "must be an array" });
  for (let i = 0; i < workers.length; i++) {
    const problem = workerProblem(workers[i], `workers.${i}`);
    if (problem !== null) return problem;
  }
  if (followed !== undefined && !FOLLOWED.test(followed)) return `followed: ${FOLLOWED.want}`;
  return (
    listProblem(value.flights, "flights", FLIGHT) ?? listProblem(value.stamps, "stamps", STAMP) ?? listProblem(value.rows, "rows", ROW)
  );
}

/** A small part through its schema: the value zod gives, or what is wrong at `path`. */
function viaSchema<T>(schema: z.ZodType<T>, value: unknown, path: string): { readonly value: T } | { readonly problem: string } {
  const result = schema.safeParse(value);
  if (result.success) return { value: result.data };
  const issue = result.error.issues[0];
  const where = [path, ...(issue?.path ?? [])].join(".");
  return { problem: `${where}: ${issue?.message ?? "invalid"}` };
}

const refuse = (problem: string): Parsed<Board> => ({
  ok: false,
  code: ErrorCode.BadMessage,
  message: `invalid "board" message: ${problem}`,
});

/**
 * Checks a parsed `board` message as boardSchema would, and gives the same
 * value. Never throws. The arrays it was sent are kept, not copied.
 */
export function checkBoard(value: Record<string, unknown>): Parsed<Board> {
  const problem = problemOf(value);
  if (problem !== null) return refuse(problem);
  const network = viaSchema(serverNetworkSchema, value.network, "network");
  if ("problem" in network) return refuse(network.problem);
  const mode = viaSchema(modeSchema, value.mode, "mode");
  if ("problem" in mode) return refuse(mode.problem);
  const scenario = viaSchema(boardScenarioSchema, value.scenario, "scenario");
  if ("problem" in scenario) return refuse(scenario.problem);
  const agreement = viaSchema(agreementSchema, value.agreement, "agreement");
  if ("problem" in agreement) return refuse(agreement.problem);
  const board = value as unknown as Board;
  return {
    ok: true,
    message: {
      type: "board",
      room: board.room,
      now: board.now,
      epoch: board.epoch,
      lastSeq: board.lastSeq,
      network: network.value,
      mode: mode.value,
      workers: (value.workers as Record<string, unknown>[]).map(workerOf),
      paused: board.paused,
      slowdown: board.slowdown,
      auto: board.auto,
      flights: board.flights,
      scenario: scenario.value,
      followed: board.followed === undefined ? null : board.followed,
      agreement: agreement.value,
      stamps: board.stamps,
      rows: board.rows,
    },
  };
}
