/**
 * The followed message's life in one sentence, for the presenter's footer:
 * who sent it, and where each worker is with it.
 */
import type { DiagramData } from "./model.ts";

export function followCaption(data: DiagramData, seq: number): string {
  const message = data.messages.get(seq);
  const sender = message?.from == null ? null : (data.lanes.find((lane) => lane.id === message.from)?.name ?? `Process ${message.from}`);
  const delivered: string[] = [];
  const waiting: string[] = [];
  const coming: string[] = [];
  for (const lane of data.lanes) {
    const row = lane.rows.get(seq);
    if (row?.deliveredAt != null) delivered.push(lane.name);
    else if (row) waiting.push(lane.name);
    else coming.push(lane.name);
  }
  const parts = [`Following #${seq}`];
  if (sender) parts.push(`sent by ${sender}`);
  parts.push(`delivered by ${delivered.length} of ${data.lanes.length}`);
  if (waiting.length) parts.push(`waiting in the hold-back queue at ${list(waiting)}`);
  if (coming.length) parts.push(`not yet at ${list(coming)}`);
  return `${parts.join(", ")}.`;
}

function list(names: readonly string[]): string {
  return names.length <= 4 ? names.join(", ") : `${names.slice(0, 3).join(", ")} and ${names.length - 3} more`;
}
