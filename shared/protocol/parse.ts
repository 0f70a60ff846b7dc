/**
 * Parsing at the edge: a frame's text in, a typed message or an error to send
 * back out. Never throws, so a bad frame can never take a connection or a
 * room down.
 */
import type { z } from "zod";
import { batchInShape, checkBatch, mayBeBatch } from "./batch.ts";
import { checkBoard } from "./board-check.ts";
import { ErrorCode } from "./codes.ts";
import { MAX_BATCH_FRAME_LENGTH, MAX_BOARD_FRAME_LENGTH, MAX_FRAME_LENGTH } from "./constants.ts";
import { clientSchemas, dataSchema, networkSchema, serverSchemas } from "./schemas.ts";
import type { ClientMessage, NetworkSettings, Parsed, ServerMessage } from "./types.ts";

/** Frames allowed to be longer than MAX_FRAME_LENGTH, by type: the catch-up's batches, a board's picture of the room. */
const longest: Readonly<Record<string, number>> = { batch: MAX_BATCH_FRAME_LENGTH, board: MAX_BOARD_FRAME_LENGTH };

/** Types checked by hand instead of by a schema (the catch-up's `batch` and the board's `board`, for speed). */
type ByHand<T> = Readonly<Record<string, (value: Record<string, unknown>) => Parsed<T>>>;

function parseWith<T>(
  schemas: Readonly<Record<string, z.ZodType>>,
  text: string,
  maxLength = MAX_FRAME_LENGTH,
  byHand: ByHand<T> = {},
): Parsed<T> {
  if (text.length > maxLength) {
    return { ok: false, code: ErrorCode.TooLarge, message: `frame is ${text.length} characters; the limit is ${maxLength}` };
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
  // Each type keeps its own limit, whatever limit let the text this far (a repeated key, {"type":"batch","type":"send"}, lends none).
  const limit = longest[type] ?? MAX_FRAME_LENGTH;
  if (text.length > limit) {
    return {
      ok: false,
      code: ErrorCode.TooLarge,
      message: `frame is ${text.length} characters; the limit is ${limit} for "${type.slice(0, 40)}"`,
    };
  }
  if (Object.hasOwn(byHand, type)) return (byHand[type] as ByHand<T>[string])(value as Record<string, unknown>);
  const schema = Object.hasOwn(schemas, type) ? schemas[type] : undefined;
  if (!schema) {
    // A type checked by hand may keep its schema as the spec: named once.
    const known = [...new Set([...Object.keys(schemas), ...Object.keys(byHand)])].join(", ");
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

// A batch may be longer than any other frame, and is checked whole, by hand; so is a board, five times a second.
const serverByHand: ByHand<ServerMessage> = { batch: checkBatch, board: checkBoard };

/** Validates a frame the sequencer sent to a worker. Never throws. */
export function parseServerFrame(text: string): Parsed<ServerMessage> {
  // The catch-up's frames, as the sequencer writes them, are taken apart faster than JSON.parse would.
  const batch = mayBeBatch(text) && text.length <= MAX_BATCH_FRAME_LENGTH ? batchInShape(text) : null;
  if (batch) return checkBatch(batch);
  const maxLength = mayBeBatch(text)
    ? MAX_BATCH_FRAME_LENGTH
    : text.startsWith('{"type":"board"')
      ? MAX_BOARD_FRAME_LENGTH
      : MAX_FRAME_LENGTH;
  return parseWith<ServerMessage>(serverSchemas, text, maxLength, serverByHand);
}

/** Checks user-typed text before it is sent, with the same rule the sequencer applies. */
export function checkData(data: string): string | null {
  const result = dataSchema.safeParse(data);
  return result.success ? null : (result.error.issues[0]?.message ?? "invalid data");
}

/**
 * Checks one network setting as the sequencer will (a teacher's form, before it sends):
 * null when it is taken, else what is wrong with it.
 */
export function checkNetworkSetting(name: keyof NetworkSettings, value: number): string | null {
  const result = networkSchema.partial().safeParse({ [name]: value });
  return result.success ? null : (result.error.issues[0]?.message ?? "invalid");
}
