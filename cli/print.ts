/**
 * What the CLI worker writes for the events of one observation: the seed's
 * log lines for stdout and, with --history, the history records. Each
 * observation becomes one text per destination, so a catch-up batch of
 * thousands of events costs one system call, not thousands.
 */
import { historyLine } from "../shared/history.ts";
import { seedLine, type WorkerEvent } from "../shared/worker-core.ts";

export interface Printed {
  /** Seed-format lines, each ending in "\n" ("" when none). */
  readonly lines: string;
  /** History records, each ending in "\n" ("" without a history, or when none). */
  readonly records: string;
  /** Whether a stamped message arrived (delivered, queued or a duplicate): the worker is not idle. */
  readonly arrived: boolean;
}

/** The worker's identity, for the history's records; null: no --history. */
export interface HistoryOf {
  readonly cid: string;
  readonly workerId: number | null;
}

export function printed(events: readonly WorkerEvent[], history: HistoryOf | null): Printed {
  let lines = "";
  let records = "";
  let arrived = false;
  for (const event of events) {
    const line = seedLine(event);
    if (line !== null) lines += `${line}\n`;
    if (history !== null) {
      const record = historyLine(event, history.cid, history.workerId);
      if (record !== null) records += `${record}\n`;
    }
    if (event.kind === "delivered" || event.kind === "queued" || event.kind === "duplicate") arrived = true;
  }
  return { lines, records, arrived };
}
