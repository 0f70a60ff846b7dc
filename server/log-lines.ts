/**
 * The log file's lines: a header naming the format and the epoch, then one
 * record per line, each `CRC32 JSON\n`, so a torn or corrupt tail is found
 * by its CRC or its missing newline. The one codec for writing and reading
 * them (the file log, the benchmarks that write a history).
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { crc32 } from "node:zlib";
import type { LogRecord } from "./log.ts";

/** The version the header line names. */
export const LOG_FORMAT = 1;

/** Opening reads the file this much at a time. */
const SCAN_CHUNK = 1 << 20;

/** A line longer than this is corrupt (the longest record is under 7 KB). */
const MAX_LINE = 64 * 1024;

/** One line of the log file: `CRC32 JSON\n`. */
export function logLine(value: unknown): string {
  const json = JSON.stringify(value);
  return `${crc32(json).toString(16).padStart(8, "0")} ${json}\n`;
}

/** Writes a log file holding just the header (flag "w", or "wx" to never replace one); returns its length in bytes. */
export function writeHeaderFile(path: string, epoch: string, flag: "w" | "wx"): number {
  const header = logLine({ ordercast: LOG_FORMAT, epoch });
  const fd = openSync(path, flag);
  try {
    writeSync(fd, header);
  } finally {
    closeSync(fd);
  }
  return Buffer.byteLength(header);
}

/** A line's JSON, if its CRC matches; null if corrupt. */
function checkedJson(text: string): string | null {
  if (text[8] !== " " || !/^[0-9a-f]{8}$/.test(text.slice(0, 8))) return null;
  const json = text.slice(9);
  return Number.parseInt(text.slice(0, 8), 16) === crc32(json) ? json : null;
}

/** One line's content (without its newline): its CRC checked and its JSON parsed; null if corrupt. */
export function parseLogLine(text: string): Record<string, unknown> | null {
  const json = checkedJson(text);
  if (json === null) return null;
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The record of `seq` in a line read back (catch-up, NACK resends): the same
 * as asRecord(parseLogLine(text), seq), but a line in the shape the file log
 * writes is taken apart without JSON.parse, which would cost more than all
 * the rest of a catch-up. Any other line goes through JSON.parse.
 */
export function readRecordLine(text: string, seq: number): LogRecord | null {
  const json = checkedJson(text);
  if (json === null) return null;
  return recordInShape(json, seq) ?? asRecord(parseJson(json), seq);
}

function parseJson(json: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const wholeNumber = (text: string): number | null => (/^-?\d+$/.test(text) ? Number(text) : null);

/** {"seq":S,"from":F,"cid":"C","n":N,"data":"D","time":T} with whole numbers and a cid without escapes; else null. */
function recordInShape(json: string, seq: number): LogRecord | null {
  const head = `{"seq":${seq},"from":`;
  if (!json.startsWith(head) || !json.endsWith("}")) return null;
  const cidAt = json.indexOf(',"cid":"', head.length);
  const nAt = cidAt < 0 ? -1 : json.indexOf('","n":', cidAt + 8);
  const dataAt = nAt < 0 ? -1 : json.indexOf(',"data":"', nAt + 6);
  // Data never holds an unescaped quote, so the last `","time":` is the real one.
  const timeAt = json.lastIndexOf('","time":');
  if (dataAt < 0 || timeAt < dataAt + 8) return null;
  const cid = json.slice(cidAt + 8, nAt);
  const from = wholeNumber(json.slice(head.length, cidAt));
  const n = wholeNumber(json.slice(nAt + 6, dataAt));
  const time = wholeNumber(json.slice(timeAt + 9, -1));
  if (from === null || n === null || time === null || cid.includes("\\") || cid.includes('"')) return null;
  const literal = json.slice(dataAt + 8, timeAt + 1);
  let data: unknown = literal.slice(1, -1);
  if (literal.includes("\\")) {
    try {
      data = JSON.parse(literal);
    } catch {
      return null;
    }
  }
  return typeof data === "string" ? { seq, from, cid, n, data, time } : null;
}

/** The record of `seq` a parsed line holds, or null when it holds something else. */
export function asRecord(value: Record<string, unknown> | null, seq: number): LogRecord | null {
  if (value === null || value.seq !== seq) return null;
  const { from, cid, n, data, time } = value;
  if (
    typeof from !== "number" ||
    typeof cid !== "string" ||
    typeof n !== "number" ||
    typeof data !== "string" ||
    typeof time !== "number"
  ) {
    return null;
  }
  return { seq, from, cid, n, data, time };
}

/** What a scan found. */
export interface Scan {
  readonly epoch: string | null;
  /** Bytes from the start of the file up to the end of the last good line. */
  readonly validBytes: number;
}

/**
 * Reads a log through `read` (which fills a buffer from a file position and
 * returns how many bytes it read), a chunk at a time, and stops at the first
 * line that is torn, corrupt or out of sequence. Each record goes to `visit`
 * with the file offset of its line. Pure over `read`.
 */
export function scan(read: (buffer: Buffer, position: number) => number, visit: (record: LogRecord, offset: number) => void): Scan {
  const chunk = Buffer.allocUnsafe(SCAN_CHUNK);
  let carry: Buffer = Buffer.alloc(0);
  // The file offset of carry[0], and of the next byte to read.
  let offset = 0;
  let position = 0;
  let epoch: string | null = null;
  let seq = 0;
  for (;;) {
    const got = read(chunk, position);
    if (got === 0) break;
    position += got;
    const bytes = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, got)]) : chunk.subarray(0, got);
    let start = 0;
    for (let end = bytes.indexOf(10, start); end >= 0; end = bytes.indexOf(10, start)) {
      const value = parseLogLine(bytes.toString("utf8", start, end));
      if (epoch === null) {
        if (value?.ordercast !== LOG_FORMAT || typeof value.epoch !== "string") return { epoch, validBytes: offset + start };
        epoch = value.epoch;
      } else {
        const record = asRecord(value, seq + 1);
        if (!record) return { epoch, validBytes: offset + start };
        seq++;
        visit(record, offset + start);
      }
      start = end + 1;
    }
    // The chunk is reused: what is left of it is copied.
    carry = Buffer.from(bytes.subarray(start));
    offset += start;
    if (carry.length > MAX_LINE) break;
  }
  return { epoch, validBytes: offset };
}
