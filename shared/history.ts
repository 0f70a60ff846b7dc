/**
 * Delivery histories: one JSON object per line, written by the CLI worker's
 * --history and exported from a tab, read by the checker.
 *   {"event":"joined","cid":"…","workerId":2,"time":…}
 *   {"event":"sent","cid":"…","from":2,"n":1,"data":"…","time":…}
 *   {"event":"delivered","seq":1,"from":2,"n":1,"data":"…","time":…}
 */
import { z } from "zod";
import type { WorkerEvent } from "./worker-core.ts";

const joinedSchema = z.object({
  event: z.literal("joined"),
  cid: z.string(),
  workerId: z.number().int(),
  time: z.number(),
});
const sentSchema = z.object({
  event: z.literal("sent"),
  cid: z.string(),
  from: z.number().int(),
  n: z.number().int(),
  data: z.string(),
  time: z.number(),
});
const deliveredSchema = z.object({
  event: z.literal("delivered"),
  seq: z.number().int().min(1),
  from: z.number().int(),
  n: z.number().int(),
  data: z.string(),
  time: z.number(),
});
const recordSchema = z.discriminatedUnion("event", [joinedSchema, sentSchema, deliveredSchema]);

export type HistoryRecord = z.infer<typeof recordSchema>;

/** A worker event as a history line, or null for events histories leave out. */
export function historyLine(event: WorkerEvent, cid: string, workerId: number | null): string | null {
  if (event.kind === "joined") return JSON.stringify({ event: "joined", cid, workerId: event.workerId, time: event.time });
  if (event.kind === "sent" && workerId !== null) {
    return JSON.stringify({ event: "sent", cid, from: workerId, n: event.n, data: event.data, time: event.time });
  }
  if (event.kind === "delivered") {
    const { seq, from, n, data } = event.message;
    return JSON.stringify({ event: "delivered", seq, from, n, data, time: event.time });
  }
  return null;
}

/** Parses a history file; a bad line is an error that names its line number. */
export function parseHistory(text: string): HistoryRecord[] {
  const records: HistoryRecord[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]?.trim();
    if (!line) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`line ${i + 1}: not JSON`);
    }
    const parsed = recordSchema.safeParse(value);
    if (!parsed.success) throw new Error(`line ${i + 1}: not a history record: ${parsed.error.issues[0]?.message ?? ""}`);
    records.push(parsed.data);
  }
  return records;
}
