/**
 * The zod schemas that validate every frame where it enters. Each one is
 * checked at compile time against its hand-written type in types.ts, both
 * ways, so a field added to one and not the other does not compile.
 */
import { z } from "zod";
import { SCENARIO_IDS } from "../scenarios.ts";
import { CID_PATTERN, MAX_DATA_LENGTH, MAX_NACK_RANGE } from "./constants.ts";
import type {
  Ack,
  Board,
  ClientMessage,
  Configure,
  Control,
  ErrorMessage,
  Follow,
  Followed,
  Head,
  Hello,
  Nack,
  NetworkSettings,
  Order,
  OrderingMode,
  Reset,
  Send,
  ServerMessage,
  Settings,
  Stamped,
  Watch,
  Welcome,
} from "./types.ts";

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// Optional fields made required at every depth: an optional field on one side only then stops matching.
type Filled<T> = T extends object ? { [K in keyof T]-?: Filled<T[K]> } : T;
type Exact<A, B> = Same<A, B> extends true ? Same<Filled<A>, Filled<B>> : false;

// A schema whose output is not exactly T fails to compile here ("Expected 2 arguments, but got 1" means they drifted apart).
const exact =
  <T>() =>
  <S extends z.ZodType<T>>(schema: S, ..._drift: Exact<z.output<S>, T> extends true ? [] : [never]): S =>
    schema;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What a worker may send as `data`; also what checkData applies before a send is numbered. */
export const dataSchema = z
  .string()
  .min(1, "data must not be empty")
  .max(MAX_DATA_LENGTH, `data must be at most ${MAX_DATA_LENGTH} characters`)
  // Control characters would break the line-per-event seed log format.
  .regex(/^\P{Cc}*$/u, "data must not contain control characters such as newlines")
  // A lone UTF-16 surrogate has no UTF-8 encoding: other workers could neither log nor hash it.
  .refine((text) => !LONE_SURROGATE.test(text), "data must be well-formed Unicode (no lone surrogates)");

const seqSchema = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const countSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const keySchema = z.string().max(200);

const helloSchema = exact<Hello>()(
  z.strictObject({
    type: z.literal("hello"),
    version: z.number().int(),
    cid: z.string().regex(CID_PATTERN, "cid must be 1 to 64 letters, digits, '-' or '_'").optional(),
    after: countSchema.optional(),
    epoch: z.string().max(64).optional(),
    // Catch-up in batches (issue 12): names of optional server messages; unknown ones are ignored, so newer workers may list more.
    accepts: z.array(z.string().max(32)).max(16).optional(),
  }),
);

const sendSchema = exact<Send>()(z.strictObject({ type: z.literal("send"), n: seqSchema, data: dataSchema }));

const nackSchema = exact<Nack>()(
  z
    .strictObject({ type: z.literal("nack"), from: seqSchema, to: seqSchema })
    .refine((m) => m.to >= m.from && m.to - m.from < MAX_NACK_RANGE, {
      message: `to must be at least from, and the range at most ${MAX_NACK_RANGE} seqs`,
      path: ["to"],
    }),
);

const probability = z.number().min(0).max(1);
const millis = z.number().min(0).max(60_000);
const networkFields = { delay: millis, jitter: millis, loss: probability, dup: probability };
export const networkSchema = exact<NetworkSettings>()(z.strictObject(networkFields));
/** Network settings as the sequencer sends them, read leniently: a worker ignores fields newer than itself. */
export const serverNetworkSchema = exact<NetworkSettings>()(z.object(networkFields));
/** The room's ordering mode. */
export const modeSchema = exact<OrderingMode>()(z.enum(["total", "none"]));

const configureSchema = exact<Configure>()(
  z.strictObject({
    type: z.literal("configure"),
    key: keySchema,
    network: networkSchema.partial().optional(),
    mode: modeSchema.optional(),
  }),
);

const control = { type: z.literal("control"), key: keySchema };
const controlSchema = exact<Control>()(
  z.discriminatedUnion("action", [
    z.strictObject({ ...control, action: z.enum(["pause", "resume", "step"]) }),
    z.strictObject({ ...control, action: z.literal("slow"), factor: z.number().min(1).max(20) }),
    z.strictObject({ ...control, action: z.enum(["hold", "release", "drop", "duplicate", "deliver"]), id: z.number().int().min(1) }),
    z.strictObject({
      ...control,
      action: z.literal("scenario"),
      scenario: z.enum(SCENARIO_IDS),
      seed: z
        .number()
        .int()
        .min(0)
        .max(2 ** 32 - 1),
    }),
    z.strictObject({ ...control, action: z.literal("autosend"), rate: z.number().min(0).max(10) }),
  ]),
);

const watchSchema = exact<Watch>()(z.strictObject({ type: z.literal("watch"), version: z.number().int() }));
const resetSchema = exact<Reset>()(z.strictObject({ type: z.literal("reset"), key: keySchema }));

// The range (at most the last seq) is the room's to check: only it knows the last seq.
const followSchema = exact<Follow>()(z.strictObject({ type: z.literal("follow"), seq: seqSchema.nullable() }));
const followedSchema = exact<Followed>()(
  z.object({ type: z.literal("follow"), seq: seqSchema.nullable(), by: z.number().int().nullable() }),
);
const orderSchema = exact<Order>()(z.object({ type: z.literal("order"), colour: countSchema, lag: countSchema }));

/** One schema per client message type, by `type`. */
export const clientSchemas = {
  hello: helloSchema,
  send: sendSchema,
  nack: nackSchema,
  configure: configureSchema,
  reset: resetSchema,
  watch: watchSchema,
  control: controlSchema,
  follow: followSchema,
} as const satisfies { [K in ClientMessage["type"]]: z.ZodType<Extract<ClientMessage, { type: K }>> };

// Older servers sent neither field; a worker reads their absence as "real speed, running".
const slowdownSchema = z.number().min(1).default(1);
const pausedSchema = z.boolean().default(false);

const welcomeSchema = exact<Welcome>()(
  z.object({
    type: z.literal("welcome"),
    version: z.number().int(),
    workerId: z.number().int().min(1),
    cid: z.string(),
    epoch: z.string(),
    historyThrough: z.number().int().min(0),
    lastN: countSchema,
    serverTime: z.number(),
    network: serverNetworkSchema,
    mode: modeSchema,
    auto: z.number().min(0),
    slowdown: slowdownSchema,
    paused: pausedSchema,
    followed: seqSchema.nullable().default(null),
  }),
);

const stampedSchema = exact<Stamped>()(
  z.object({ type: z.literal("stamped"), seq: seqSchema, from: z.number().int().min(1), n: seqSchema, data: dataSchema, time: z.number() }),
);

const ackSchema = exact<Ack>()(z.object({ type: z.literal("ack"), n: seqSchema }));
const headSchema = exact<Head>()(z.object({ type: z.literal("head"), seq: countSchema }));

const settingsSchema = exact<Settings>()(
  z.object({
    type: z.literal("settings"),
    network: serverNetworkSchema,
    mode: modeSchema,
    auto: z.number().min(0),
    slowdown: slowdownSchema,
    paused: pausedSchema,
  }),
);

const int = z.number().int();
const flightSchema = z.tuple([int, z.enum(["up", "down"]), int, int, z.number(), z.boolean()]);
const boardWorkerSchema = z.object({
  id: int,
  connected: z.boolean(),
  delivered: countSchema,
  digest: z.string(),
  held: z.array(seqSchema),
  // Older servers sent none of these four.
  name: z.string().nullable().default(null),
  offline: z.array(z.tuple([z.number(), z.number().nullable()])).default([]),
  colour: countSchema.default(0),
  lag: countSchema.default(0),
});
const boardRowSchema = z.tuple([int, seqSchema, z.number(), z.number(), z.number().nullable()]);
/** A board's scenario; the small parts of a board, which board-check.ts leaves to zod. */
export const boardScenarioSchema = z
  .strictObject({ id: z.enum(SCENARIO_IDS), seed: z.number(), state: z.enum(["running", "done"]), result: z.string() })
  .nullable();
/** A board's agreement: all workers agree through a seq, or two differ at a position. */
export const agreementSchema = z.union([
  z.object({ agree: z.literal(true), through: countSchema }),
  z.object({ agree: z.literal(false), position: seqSchema, workers: z.tuple([int, int]) }),
]);

const boardSchema = exact<Board>()(
  z.object({
    type: z.literal("board"),
    room: z.string(),
    now: z.number(),
    epoch: z.string(),
    lastSeq: countSchema,
    network: serverNetworkSchema,
    mode: modeSchema,
    workers: z.array(boardWorkerSchema),
    paused: z.boolean(),
    slowdown: z.number(),
    auto: z.number(),
    flights: z.array(flightSchema),
    scenario: boardScenarioSchema,
    followed: seqSchema.nullable().default(null),
    agreement: agreementSchema,
    stamps: z.array(z.tuple([seqSchema, z.number(), int, z.number()])),
    rows: z.array(boardRowSchema),
  }),
);

const errorSchema = exact<ErrorMessage>()(
  z.object({ type: z.literal("error"), code: z.string(), message: z.string(), ref: z.number().int().optional() }),
);

/**
 * One schema per server message type, by `type`; `batch` has none: it is
 * checked by hand (batch.ts), as zod would cost more than the rest of a catch-up.
 * `board` is checked by hand too (board-check.ts), but its schema stays as the
 * spec the check is tested against.
 */
export const serverSchemas = {
  welcome: welcomeSchema,
  stamped: stampedSchema,
  ack: ackSchema,
  head: headSchema,
  follow: followedSchema,
  order: orderSchema,
  settings: settingsSchema,
  board: boardSchema,
  error: errorSchema,
} as const satisfies { [K in Exclude<ServerMessage["type"], "batch">]: z.ZodType<Extract<ServerMessage, { type: K }>> };
