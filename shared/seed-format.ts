/**
 * The log format of the original run (../seed in the team notes): one line per
 * event, so two workers' logs can be compared with
 * `diff <(grep '^--> Delivered' out2) <(grep '^--> Delivered' out3)`.
 *   Process ID = N
 *   Sent msg D to server
 *   <-- Queued seq=S dat=D
 *   --> Delivered seq=S dat=D
 * The data D never holds a control character (the protocol refuses those), so
 * a line is always one line.
 */

/** One line of a seed log, as data; the kinds are those of the worker events they stand for. */
export type SeedLine =
  | { readonly kind: "joined"; readonly workerId: number }
  | { readonly kind: "sent"; readonly data: string }
  | { readonly kind: "queued"; readonly seq: number; readonly data: string }
  | { readonly kind: "delivered"; readonly seq: number; readonly data: string };

// The four formats; the producers (the room, the worker core, the order digest on every delivery) call these directly.

export function processIdLine(workerId: number): string {
  return `Process ID = ${workerId}`;
}

export function sentLine(data: string): string {
  return `Sent msg ${data} to server`;
}

export function queuedLine(seq: number, data: string): string {
  return `<-- Queued seq=${seq} dat=${data}`;
}

export function deliveredLine(seq: number, data: string): string {
  return `--> Delivered seq=${seq} dat=${data}`;
}

/** A line as the seed printed it, without its newline. */
export function formatSeedLine(line: SeedLine): string {
  switch (line.kind) {
    case "joined":
      return processIdLine(line.workerId);
    case "sent":
      return sentLine(line.data);
    case "queued":
      return queuedLine(line.seq, line.data);
    case "delivered":
      return deliveredLine(line.seq, line.data);
  }
}

// The "s" flag: data may hold U+2028 and U+2029, which "." would not match otherwise.
const JOINED = /^Process ID = (\d+)$/;
const SENT = /^Sent msg (.+) to server$/s;
const QUEUED = /^<-- Queued seq=(\d+) dat=(.+)$/s;
const DELIVERED = /^--> Delivered seq=(\d+) dat=(.+)$/s;

/** A line of a seed log read back, or null when it is none of the four. */
export function parseSeedLine(text: string): SeedLine | null {
  let match = JOINED.exec(text);
  if (match) return { kind: "joined", workerId: Number(match[1]) };
  match = SENT.exec(text);
  if (match) return { kind: "sent", data: match[1] ?? "" };
  match = QUEUED.exec(text);
  if (match) return { kind: "queued", seq: Number(match[1]), data: match[2] ?? "" };
  match = DELIVERED.exec(text);
  if (match) return { kind: "delivered", seq: Number(match[1]), data: match[2] ?? "" };
  return null;
}

/** Lines as a log: each ends in "\n" (so the Delivered lines hash as `sha256sum` sees them). */
export function formatSeedLog(lines: readonly SeedLine[]): string {
  let text = "";
  for (const line of lines) text += `${formatSeedLine(line)}\n`;
  return text;
}

/** A whole log read back; blank lines are skipped, any other line that is not seed format is an error naming it. */
export function parseSeedLog(text: string): SeedLine[] {
  const lines: SeedLine[] = [];
  const rows = text.split("\n");
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] ?? "";
    if (row === "") continue;
    const line = parseSeedLine(row);
    if (line === null) throw new Error(`line ${i + 1} is not in the seed's format: ${JSON.stringify(row.slice(0, 80))}`);
    lines.push(line);
  }
  return lines;
}

/** The Delivered lines of a log, in order: what two workers' logs must agree on. */
export function deliveredOf(lines: readonly SeedLine[]): Extract<SeedLine, { kind: "delivered" }>[] {
  return lines.flatMap((line) => (line.kind === "delivered" ? [line] : []));
}
