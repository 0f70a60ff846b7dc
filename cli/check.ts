/**
 * The checker from a terminal: `npm run -s check -- FILE...`, one history file
 * per worker (written by the worker's --history, or a tab's Export history).
 * Exits 0 when the run kept every promise, 1 when it did not, 2 on bad input.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { check, formatReport } from "../shared/checker.ts";
import { parseHistory } from "../shared/history.ts";

const files = process.argv.slice(2);
if (files.length === 0 || files.includes("--help")) {
  console.log(
    "Usage: npm run -s check -- HISTORY_FILE...\n\nChecks workers' delivery histories (JSON lines) for lost, duplicated,\nunexpected and misordered messages, gaps, FIFO violations and convergence.",
  );
  process.exit(files.length === 0 ? 2 : 0);
}
try {
  const histories = files.map((file) => {
    try {
      return { name: basename(file), records: parseHistory(readFileSync(file, "utf8")) };
    } catch (error) {
      throw new Error(`${file}: ${(error as Error).message}`);
    }
  });
  const report = check(histories);
  console.log(formatReport(report));
  process.exit(report.ok ? 0 : 1);
} catch (error) {
  console.error(`ordercast check: ${(error as Error).message}`);
  process.exit(2);
}
