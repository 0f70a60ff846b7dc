/**
 * Typed frame builders: the only place a message becomes text. Building a
 * frame from a typed message means a misspelt field or a missing one does not
 * compile, and a record with fields that must stay off the wire (a log
 * record's cid, a credential) is never serialised whole.
 */
import type { ErrorCode } from "./codes.ts";
import { PROTOCOL_VERSION } from "./constants.ts";
import type { ClientMessage, Hello, ServerMessage } from "./types.ts";

/** A message from the sequencer as one text frame. */
export function serverFrame(message: ServerMessage): string {
  return JSON.stringify(message);
}

/** A message to the sequencer as one text frame. */
export function clientFrame(message: ClientMessage): string {
  return JSON.stringify(message);
}

/** What a `stamped` frame is made from: any record with the wire fields, such as a log record. */
export interface StampedFields {
  readonly seq: number;
  readonly from: number;
  readonly n: number;
  readonly data: string;
  readonly time: number;
}

/**
 * A stamped message as a frame, with only the wire fields: a log record also
 * holds the sender's cid, which would let anyone resend as that sender.
 */
export function stampedFrame(record: StampedFields): string {
  return JSON.stringify({ type: "stamped", seq: record.seq, from: record.from, n: record.n, data: record.data, time: record.time });
}

/** An `error` frame; `ref` names the send it refuses, when it refuses one. */
export function errorFrame(code: ErrorCode, message: string, ref?: number): string {
  return serverFrame(ref === undefined ? { type: "error", code, message } : { type: "error", code, message, ref });
}

/** A cumulative acknowledgement: the worker's sends 1..n are stamped and durable. */
export function ackFrame(n: number): string {
  return serverFrame({ type: "ack", n });
}

/** The room's last durable seq. */
export function headFrame(seq: number): string {
  return serverFrame({ type: "head", seq });
}

/** A `hello` in this build's protocol version; absent fields stay off the wire. */
export function helloFrame(fields: Omit<Hello, "type" | "version">): string {
  const { cid, after, epoch, accepts } = fields;
  return clientFrame({
    type: "hello",
    version: PROTOCOL_VERSION,
    ...(cid === undefined ? {} : { cid }),
    ...(after === undefined ? {} : { after }),
    ...(epoch === undefined ? {} : { epoch }),
    ...(accepts === undefined ? {} : { accepts }),
  });
}

/** A board's `watch` in this build's protocol version. */
export function watchFrame(): string {
  return clientFrame({ type: "watch", version: PROTOCOL_VERSION });
}
