/**
 * Catch-up in batches: the `batch` frame, built by the sequencer and checked
 * by the worker. A frame holds a run of consecutive seqs as parallel arrays
 * (one array per field, stamp times as differences), which JSON builds and
 * parses with a handful of allocations instead of one object per record.
 *
 * The check is written by hand rather than with zod: a catch-up checks
 * millions of records, and a zod schema costs several times the parse itself.
 * It applies the same rules as the schemas (dataSchema decides every text the
 * fast test does not pass outright, so the two can never disagree).
 */
import { ErrorCode } from "./codes.ts";
import { MAX_BATCH_FRAME_LENGTH, MAX_BATCH_RECORDS, MAX_DATA_LENGTH } from "./constants.ts";
import type { StampedFields } from "./frames.ts";
import { dataSchema } from "./schemas.ts";
import type { Batch, Parsed } from "./types.ts";

// The fixed part of a frame, numbers in full: {"type":"batch","first":…,"from":[],"n":[],"data":[],"time":[]}.
const FRAME_OVERHEAD = 128;
// Per record: three numbers of at most 24 characters each, the commas, and the quotes around data.
const RECORD_OVERHEAD = 80;

/** The frame of a batch of records `records[start…]`, as many as fit, and how many it holds (at least one). */
export interface BuiltBatch {
  readonly frame: string;
  readonly count: number;
}

/**
 * Builds one `batch` frame from `records[start]` on. It ends before
 * MAX_BATCH_RECORDS, before the frame could pass MAX_BATCH_FRAME_LENGTH (valid
 * data escapes to at most twice its length), at a break in the seqs, and before
 * a stamp time whose difference would not add back up exactly (times that are
 * not whole numbers); the next batch starts there, its first time in full.
 */
export function buildBatch(records: readonly StampedFields[], start: number): BuiltBatch {
  const head = records[start];
  if (!head) throw new RangeError(`no record at ${start} to batch`);
  const from: number[] = [];
  const n: number[] = [];
  const data: string[] = [];
  const time: number[] = [];
  let length = FRAME_OVERHEAD;
  let previous = 0;
  for (let i = start; i < records.length && from.length < MAX_BATCH_RECORDS; i++) {
    const record = records[i] as StampedFields;
    length += 2 * record.data.length + RECORD_OVERHEAD;
    if (from.length > 0 && (record.seq !== head.seq + from.length || length > MAX_BATCH_FRAME_LENGTH)) break;
    const step = record.time - previous;
    if (previous + step !== record.time && from.length > 0) break;
    from.push(record.from);
    n.push(record.n);
    data.push(record.data);
    time.push(step);
    previous = record.time;
  }
  const batch: Batch = { type: "batch", first: head.seq, from, n, data, time };
  return { frame: JSON.stringify(batch), count: from.length };
}

// Control characters (category Cc) or a lone surrogate: the two things dataSchema forbids besides length.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
const BAD_TEXT = /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether `data` is valid, as dataSchema says; the common case without zod. Null when valid, else why not. */
function dataProblem(data: unknown): string | null {
  if (typeof data === "string" && data.length >= 1 && data.length <= MAX_DATA_LENGTH && !BAD_TEXT.test(data)) return null;
  const result = dataSchema.safeParse(data);
  return result.success ? null : (result.error.issues[0]?.message ?? "invalid data");
}

const isId = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) >= 1;

function problemOf(value: Record<string, unknown>): string | null {
  const { first, from, n, data, time } = value;
  if (!isId(first)) return "first: must be a seq (a whole number from 1)";
  if (!Array.isArray(from) || !Array.isArray(n) || !Array.isArray(data) || !Array.isArray(time)) {
    return "from, n, data and time must be arrays";
  }
  const count = from.length;
  if (n.length !== count || data.length !== count || time.length !== count) {
    return `from, n, data and time must be as long as each other (${count}, ${n.length}, ${data.length}, ${time.length})`;
  }
  if (count < 1 || count > MAX_BATCH_RECORDS) return `a batch holds 1 to ${MAX_BATCH_RECORDS} records, not ${count}`;
  if ((first as number) > Number.MAX_SAFE_INTEGER - (count - 1)) return "first: the last seq would pass 2^53 - 1";
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (!isId(from[i])) return `from.${i}: must be a worker id (a whole number from 1)`;
    if (!isId(n[i])) return `n.${i}: must be a send number (a whole number from 1)`;
    const step = time[i];
    if (typeof step !== "number") return `time.${i}: must be a number`;
    at += step;
    if (!Number.isFinite(at)) return `time.${i}: the stamp time must be finite`;
    const problem = dataProblem(data[i]);
    if (problem !== null) return `data.${i}: ${problem}`;
  }
  return null;
}

/**
 * Checks a parsed `batch` message whole, before any of it is used: a batch
 * with one bad record is refused entirely, so it is never half applied.
 * Fields it does not know are ignored, as in every server message.
 */
export function checkBatch(value: Record<string, unknown>): Parsed<Batch> {
  const problem = problemOf(value);
  if (problem !== null) return { ok: false, code: ErrorCode.BadMessage, message: `invalid "batch" message: ${problem}` };
  const { first, from, n, data, time } = value as unknown as Batch;
  return { ok: true, message: { type: "batch", first, from, n, data, time } };
}

const HEAD = '{"type":"batch","first":';
// JSON's own rule for a whole number: no leading zeros.
const WHOLE = /^(0|[1-9]\d*)$/;
// What JSON.parse would refuse in a string (raw control characters), or would need to unescape.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
const NOT_PLAIN = /[\u0000-\u001f\\]/;

/** JSON.parse of `text` (an array), or null when it is not one. */
function arrayOf(text: string): unknown[] | null {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

/**
 * A batch frame in exactly the shape buildBatch writes, taken apart the way
 * JSON.parse would, but with its data split out of the text: JSON.parse makes
 * every string of up to 10 characters a unique (internalized) string, which
 * costs about a microsecond each, and 9-digit data is what classes send. Null
 * for any other shape and for data that holds escapes or control characters:
 * the caller then parses the frame with JSON.parse.
 */
export function batchInShape(text: string): Record<string, unknown> | null {
  if (!text.startsWith(HEAD) || !text.endsWith("]}")) return null;
  const fromAt = text.indexOf(',"from":[', HEAD.length);
  const nAt = fromAt < 0 ? -1 : text.indexOf('],"n":[', fromAt);
  const dataAt = nAt < 0 ? -1 : text.indexOf('],"data":["', nAt);
  // No string holds an unescaped quote, so the first `"],"time":[` after the data's start ends the data.
  const timeAt = dataAt < 0 ? -1 : text.indexOf('"],"time":[', dataAt);
  if (timeAt < 0) return null;
  const first = text.slice(HEAD.length, fromAt);
  const content = text.slice(dataAt + 11, timeAt);
  if (!WHOLE.test(first) || NOT_PLAIN.test(content)) return null;
  const data = content.split('","');
  // Every quote in the content must be one of the separators.
  let quotes = 0;
  for (let at = content.indexOf('"'); at >= 0; at = content.indexOf('"', at + 1)) quotes++;
  if (quotes !== 2 * (data.length - 1)) return null;
  const from = arrayOf(text.slice(fromAt + 8, nAt + 1));
  const n = arrayOf(text.slice(nAt + 6, dataAt + 1));
  const time = arrayOf(text.slice(timeAt + 10, -1));
  if (!from || !n || !time) return null;
  return { type: "batch", first: Number(first), from, n, data, time };
}

/** A frame that may be a batch, and so may be longer than MAX_FRAME_LENGTH (the sequencer writes `type` first). */
export function mayBeBatch(text: string): boolean {
  return text.startsWith('{"type":"batch"');
}

/** The time each record of a checked batch was stamped (adds up the differences). */
export function batchTimes(batch: Batch): number[] {
  let at = 0;
  return batch.time.map((step) => {
    at += step;
    return at;
  });
}
