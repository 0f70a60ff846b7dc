/**
 * The wire protocol between workers and the sequencer: JSON text frames, one
 * message per frame, on the WebSocket path /ws. docs/PROTOCOL.md describes it
 * for people writing their own workers; this file is its single source of truth.
 */
import { z } from "zod";
import { SCENARIO_IDS } from "./scenarios.ts";

/** Bumped on any change a version-1 worker could not understand. */
export const PROTOCOL_VERSION = 1;

/** The WebSocket path the sequencer listens on. */
export const WS_PATH = "/ws";

/** Longest `data` a worker may send, in characters (Unicode code points: an emoji counts 1). */
export const MAX_DATA_LENGTH = 1000;

/**
 * Longest text frame that is parsed at all, in UTF-16 code units; longer ones get TOO_LARGE.
 * Room for any valid send even with every character escaped as \uXXXX\uXXXX.
 */
export const MAX_FRAME_LENGTH = 16 * 1024;

/** Frames larger than this many bytes are cut off by the transport (close 1009). */
export const MAX_PAYLOAD_BYTES = 64 * 1024;

/** Machine-readable reasons carried by `error` messages. */
export const ErrorCode = {
  BadJson: "BAD_JSON",
  UnknownType: "UNKNOWN_TYPE",
  BadMessage: "BAD_MESSAGE",
  TooLarge: "TOO_LARGE",
  BinaryFrame: "BINARY_FRAME",
  HelloRequired: "HELLO_REQUIRED",
  AlreadyJoined: "ALREADY_JOINED",
  VersionUnsupported: "VERSION_UNSUPPORTED",
  RateLimited: "RATE_LIMITED",
  BadRange: "BAD_RANGE",
  KeyRequired: "KEY_REQUIRED",
  NotInFlight: "NOT_IN_FLIGHT",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** WebSocket close codes the sequencer uses besides the standard ones. */
export const CloseCode = {
  /** The worker asked for a protocol version this server does not speak. */
  VersionUnsupported: 4000,
  /** No pong came back to a heartbeat ping. */
  Unresponsive: 4001,
  /** The worker read too slowly: too much was waiting to be sent to it. Reconnect and resume. */
  TooSlow: 4002,
  /** The room was reset: its log starts again at seq 1 in a new epoch. Reconnect. */
  RoomReset: 4003,
  /** Another connection said hello with this worker's cid; the newest one wins. */
  Replaced: 4004,
  /** The connection did not say hello in time. */
  HelloTimeout: 4005,
} as const;

/** Most seqs one `nack` may ask for. */
export const MAX_NACK_RANGE = 1000;

/** A room's name, from `?room=` on the page and the WebSocket: letters, digits, "-" and "_", 1 to 32. */
export const ROOM_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

/** A worker's chosen identity: letters, digits, "-" and "_", 1 to 64 of them. */
export const CID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

// Control characters would break the line-per-event seed log format.
const dataSchema = z
  .string()
  .min(1, "data must not be empty")
  .max(MAX_DATA_LENGTH, `data must be at most ${MAX_DATA_LENGTH} characters`)
  .regex(/^\P{Cc}*$/u, "data must not contain control characters such as newlines")
  // A lone UTF-16 surrogate has no UTF-8 encoding: other workers could neither log nor hash it.
  .refine((text) => !LONE_SURROGATE.test(text), "data must be well-formed Unicode (no lone surrogates)");

const seqSchema = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

const countSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

const helloSchema = z.strictObject({
  type: z.literal("hello"),
  version: z.number().int(),
  /** The worker's stable identity across reconnects; the sequencer makes one up when absent. */
  cid: z.string().regex(CID_PATTERN, "cid must be 1 to 64 letters, digits, '-' or '_'").optional(),
  /** Resume: the sequencer replays its history from seq `after + 1`. */
  after: countSchema.optional(),
  /** The epoch `after` belongs to; from another epoch, the replay starts at seq 1. */
  epoch: z.string().max(64).optional(),
});

const sendSchema = z.strictObject({
  type: z.literal("send"),
  /** The sender's own number for this send, counting from 1. */
  n: seqSchema,
  data: dataSchema,
});

const nackSchema = z
  .strictObject({
    type: z.literal("nack"),
    /** First missing seq. */
    from: seqSchema,
    /** Last missing seq, inclusive. */
    to: seqSchema,
  })
  .refine((m) => m.to >= m.from && m.to - m.from < MAX_NACK_RANGE, {
    message: `to must be at least from, and the range at most ${MAX_NACK_RANGE} seqs`,
    path: ["to"],
  });

const probability = z.number().min(0).max(1);
const millis = z.number().min(0).max(60_000);

const networkFields = {
  /** Base delay of each message on each link, in ms. */
  delay: millis,
  /** Extra delay, uniform in 0..jitter ms. */
  jitter: millis,
  /** Chance that a message on a link is lost. */
  loss: probability,
  /** Chance that a message on a link arrives twice. */
  dup: probability,
};
const networkSchema = z.strictObject(networkFields);
// What the sequencer sends is read leniently: a worker ignores fields newer than itself.
const serverNetworkSchema = z.object(networkFields);
export type NetworkSettings = z.infer<typeof networkSchema>;

/**
 * How workers deliver: "total" holds back early arrivals and delivers in seq
 * order (the sequencer's total order); "none" delivers each message as it
 * arrives, to show why the sequencer is needed.
 */
const modeSchema = z.enum(["total", "none"]);
export type OrderingMode = z.infer<typeof modeSchema>;

const configureSchema = z.strictObject({
  type: z.literal("configure"),
  /** The teacher key the server printed at start. */
  key: z.string().max(200),
  /** The settings to change; the rest stay as they are. */
  network: networkSchema.partial().optional(),
  /** A new ordering mode; changing it also resets the room (a new epoch), so every worker starts afresh. */
  mode: modeSchema.optional(),
});

/** The teacher's direct hand on the network, and on the class's sending. */
const controlSchema = z.discriminatedUnion("action", [
  z.strictObject({ type: z.literal("control"), key: z.string().max(200), action: z.enum(["pause", "resume", "step"]) }),
  z.strictObject({
    type: z.literal("control"),
    key: z.string().max(200),
    action: z.literal("slow"),
    /** Delays are multiplied by this (1 = real speed). */
    factor: z.number().min(1).max(20),
  }),
  z.strictObject({
    type: z.literal("control"),
    key: z.string().max(200),
    action: z.enum(["hold", "release", "drop", "duplicate", "deliver"]),
    /** The message in flight, by the id the board lists. */
    id: z.number().int().min(1),
  }),
  z.strictObject({
    type: z.literal("control"),
    key: z.string().max(200),
    action: z.literal("scenario"),
    /** Which prepared scenario to run (it resets the room first). */
    scenario: z.enum(SCENARIO_IDS),
    /** The seed it plays from; the same seed plays the same way. */
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1),
  }),
  z.strictObject({
    type: z.literal("control"),
    key: z.string().max(200),
    action: z.literal("autosend"),
    /** Messages a second every worker tab sends; 0 stops. */
    rate: z.number().min(0).max(10),
  }),
]);

const watchSchema = z.strictObject({
  type: z.literal("watch"),
  version: z.number().int(),
});

const resetSchema = z.strictObject({
  type: z.literal("reset"),
  key: z.string().max(200),
});

const clientSchemas = {
  hello: helloSchema,
  send: sendSchema,
  nack: nackSchema,
  configure: configureSchema,
  reset: resetSchema,
  watch: watchSchema,
  control: controlSchema,
} as const;

export type Hello = z.infer<typeof helloSchema>;
export type Send = z.infer<typeof sendSchema>;
export type Nack = z.infer<typeof nackSchema>;
export type Configure = z.infer<typeof configureSchema>;
export type Reset = z.infer<typeof resetSchema>;
export type Watch = z.infer<typeof watchSchema>;
export type Control = z.infer<typeof controlSchema>;
export type ClientMessage = Hello | Send | Nack | Configure | Reset | Watch | Control;

const welcomeSchema = z.object({
  type: z.literal("welcome"),
  version: z.number().int(),
  /** Stable for a cid: a reconnecting worker keeps its id. */
  workerId: z.number().int().min(1),
  /** The worker's identity: the one it sent, or one the sequencer made up. */
  cid: z.string(),
  /** Names this run of the room's log; it changes when the room is reset or its log is lost. */
  epoch: z.string(),
  /** The last seq sequenced before this worker joined: seqs after `hello.after` up to this one are catch-up. */
  historyThrough: z.number().int().min(0),
  /** The sequencer has stamped this cid's sends 1..lastN: resend only what comes after. */
  lastN: countSchema,
  serverTime: z.number(),
  network: serverNetworkSchema,
  mode: modeSchema,
  /** Messages a second the teacher asks every tab to auto-send (0: none). */
  auto: z.number().min(0),
  /** The teacher slowed the network down by this factor: a worker stretches its timeouts alike. */
  slowdown: z.number().min(1).default(1),
  /** The teacher paused the network: a worker neither resends nor NACKs meanwhile. */
  paused: z.boolean().default(false),
});

const stampedSchema = z.object({
  type: z.literal("stamped"),
  seq: seqSchema,
  /** The worker id of the sender. */
  from: z.number().int().min(1),
  /** The sender's send number. */
  n: seqSchema,
  data: dataSchema,
  /** The sequencer's clock when it stamped the message, in ms since the epoch. */
  time: z.number(),
});

const ackSchema = z.object({
  type: z.literal("ack"),
  /** Cumulative: this worker's sends 1..n are stamped and durably logged. */
  n: seqSchema,
});

const headSchema = z.object({
  type: z.literal("head"),
  /** The last seq stamped so far: lets a worker notice it missed the newest messages. */
  seq: countSchema,
});

const settingsSchema = z.object({
  type: z.literal("settings"),
  network: serverNetworkSchema,
  mode: modeSchema,
  auto: z.number().min(0),
  slowdown: z.number().min(1).default(1),
  paused: z.boolean().default(false),
});

/** A message in flight: [id, "up" or "down", workerId, seq (down) or send number (up), dueAt, held]. */
const flightSchema = z.tuple([z.number().int(), z.enum(["up", "down"]), z.number().int(), z.number().int(), z.number(), z.boolean()]);

/** One worker as the board sees it. */
const boardWorkerSchema = z.object({
  id: z.number().int(),
  connected: z.boolean(),
  delivered: countSchema,
  digest: z.string(),
  /** Seqs held back now. */
  held: z.array(seqSchema),
});

/**
 * One message on one worker's lane: [workerId, seq, sentAt, arrivedAt, deliveredAt or null],
 * times on the sequencer's clock. Sent when new or changed.
 */
const boardRowSchema = z.tuple([z.number().int(), seqSchema, z.number(), z.number(), z.number().nullable()]);

const boardSchema = z.object({
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
  /** The stamped messages and sends in flight, soonest first (at most 100). */
  flights: z.array(flightSchema),
  /** The scenario running or last run, if any. */
  scenario: z
    .strictObject({ id: z.enum(SCENARIO_IDS), seed: z.number(), state: z.enum(["running", "done"]), result: z.string() })
    .nullable(),
  /** All workers delivered the same first `through` messages; or the first position where two differ. */
  agreement: z.union([
    z.object({ agree: z.literal(true), through: countSchema }),
    z.object({ agree: z.literal(false), position: seqSchema, workers: z.tuple([z.number().int(), z.number().int()]) }),
  ]),
  /** Stamped messages, seq and time on the sequencer's clock, new since the last board message. */
  stamps: z.array(z.tuple([seqSchema, z.number()])),
  rows: z.array(boardRowSchema),
});

const errorSchema = z.object({
  type: z.literal("error"),
  code: z.string(),
  message: z.string(),
  /** The `n` of the send this error answers, when it answers one. */
  ref: z.number().int().optional(),
});

const serverSchemas = {
  welcome: welcomeSchema,
  stamped: stampedSchema,
  ack: ackSchema,
  head: headSchema,
  settings: settingsSchema,
  board: boardSchema,
  error: errorSchema,
} as const;

export type Welcome = z.infer<typeof welcomeSchema>;
export type Stamped = z.infer<typeof stampedSchema>;
export type Ack = z.infer<typeof ackSchema>;
export type Head = z.infer<typeof headSchema>;
export type Settings = z.infer<typeof settingsSchema>;
export type ErrorMessage = z.infer<typeof errorSchema>;
export type Board = z.infer<typeof boardSchema>;
export type BoardWorker = z.infer<typeof boardWorkerSchema>;
export type BoardRow = z.infer<typeof boardRowSchema>;
export type BoardFlight = z.infer<typeof flightSchema>;
export type ServerMessage = Welcome | Stamped | Ack | Head | Settings | Board | ErrorMessage;

/** The result of parsing one frame: the message, or an error to send back. */
export type Parsed<T> =
  | { readonly ok: true; readonly message: T }
  | { readonly ok: false; readonly code: ErrorCode; readonly message: string; readonly ref?: number };

function parseWith<T>(schemas: Record<string, z.ZodType>, text: string): Parsed<T> {
  if (text.length > MAX_FRAME_LENGTH) {
    return { ok: false, code: ErrorCode.TooLarge, message: `frame is ${text.length} characters; the limit is ${MAX_FRAME_LENGTH}` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, code: ErrorCode.BadJson, message: "frame is not valid JSON" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, code: ErrorCode.BadMessage, message: "a message must be a JSON object" };
  }
  const type = (value as { type?: unknown }).type;
  if (typeof type !== "string") {
    return { ok: false, code: ErrorCode.BadMessage, message: 'a message needs a string field "type"' };
  }
  const schema = Object.hasOwn(schemas, type) ? schemas[type] : undefined;
  if (!schema) {
    const known = Object.keys(schemas).join(", ");
    return { ok: false, code: ErrorCode.UnknownType, message: `unknown message type "${type.slice(0, 40)}"; expected one of: ${known}` };
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    // Echo the send number only when it is one: it names the send that failed.
    const n = (value as { n?: unknown }).n;
    const ref = type === "send" && typeof n === "number" && Number.isInteger(n) && n >= 1 ? n : undefined;
    return {
      ok: false,
      code: ErrorCode.BadMessage,
      message: `invalid "${type}" message: ${where}${issue?.message ?? "invalid"}`,
      ...(ref === undefined ? {} : { ref }),
    };
  }
  return { ok: true, message: result.data as T };
}

/** Validates a frame a worker sent to the sequencer. Never throws. */
export function parseClientFrame(text: string): Parsed<ClientMessage> {
  return parseWith<ClientMessage>(clientSchemas, text);
}

/** Validates a frame the sequencer sent to a worker. Never throws. */
export function parseServerFrame(text: string): Parsed<ServerMessage> {
  return parseWith<ServerMessage>(serverSchemas, text);
}

/** Checks user-typed text before it is sent, with the same rule the sequencer applies. */
export function checkData(data: string): string | null {
  const result = dataSchema.safeParse(data);
  return result.success ? null : (result.error.issues[0]?.message ?? "invalid data");
}
