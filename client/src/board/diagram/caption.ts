/**
 * The followed message's life in one sentence, for the presenter's footer:
 * who sent it, and where each worker is with it.
 */
import type { DiagramData } from "./model.ts";

export function followCaption(data: DiagramData, seq: number): string {
  const message = data.messages.get(seq);
  if (!message && ![...data.lanes].some((lane) => lane.rows.has(seq)))
    return `Following #${seq}: older than what this board keeps (the newest few hundred messages); every tab still shows it.`;
  const sender = message?.from == null ? null : (data.lanes.find((lane) => lane.id === message.from)?.name ?? `Process ${message.from}`);
  const delivered: string[] = [];
  const waiting: string[] = [];
  const coming: string[] = [];
  for (const lane of data.lanes) {
    const row = lane.rows.get(seq);
    if (row?.deliveredAt != null) delivered.push(lane.name);
    else if (row) waiting.push(lane.name);
    else if (keepsFrom(lane.rows) <= seq) coming.push(lane.name);
    // A lane whose oldest kept row is newer than `seq` says nothing about it.
  }
  const parts = [`Following #${seq}`];
  if (sender) parts.push(`sent by ${sender}`);
  const known = delivered.length + waiting.length + coming.length;
  if (known === 0) return `${parts.join(", ")}; this board no longer keeps where it arrived.`;
  parts.push(`delivered by ${delivered.length} of ${known}`);
  if (waiting.length) parts.push(`waiting in the hold-back queue at ${list(waiting)}`);
  if (coming.length) parts.push(`not yet at ${list(coming)}`);
  return `${parts.join(", ")}.`;
}

// The oldest seq a lane still keeps a row of (none: from the start).
function keepsFrom(rows: ReadonlyMap<number, unknown>): number {
  let oldest = Number.POSITIVE_INFINITY;
  for (const seq of rows.keys()) oldest = Math.min(oldest, seq);
  return oldest === Number.POSITIVE_INFINITY ? 0 : oldest;
}

function list(names: readonly string[]): string {
  return names.length <= 4 ? names.join(", ") : `${names.slice(0, 3).join(", ")} and ${names.length - 3} more`;
}
