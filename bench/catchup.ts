/**
 * `npm run bench:catchup [-- --runs 3 --tab 100000 --cli 1000000]`: how a
 * late joiner catches up on a long history. Writes two logs in the on-disk
 * format, starts the real server on each, and measures in the same run:
 * - a CLI worker (its own process): messages a second from its welcome to
 *   its last delivery (catchup-cli.ts);
 * - a tab in Chromium: seconds from its welcome until it shows everything
 *   delivered, and the longest main-thread task meanwhile (catchup-tab.ts);
 * - each also the old way, one frame per record, as the ratio to compare;
 * - whether the server kept answering /healthz while it streamed to the tab.
 * With --cpu, the tab is traced and its longest task's CPU time is printed
 * beside its wall time (tracing adds a little work): on a busy machine the
 * wall time includes waits for a core, the CPU time much less so.
 * With --runs N, each figure is printed as its range over the N runs. A
 * measurement, not a test: other processes on the machine move the figures.
 */
import { parseArgs } from "node:util";
import { chromium } from "@playwright/test";
import { CHROMIUM_ARGS, chromiumExecutable } from "../e2e/browser.ts";
import { type RunningServer, startServer } from "../server/testing/process.ts";
import { cliCatchUp } from "./catchup-cli.ts";
import { type TabFigures, tabCatchUp } from "./catchup-tab.ts";
import { writeHistory } from "./history.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "1" },
    tab: { type: "string", default: "100000" },
    cli: { type: "string", default: "1000000" },
    "no-baseline": { type: "boolean", default: false },
    cpu: { type: "boolean", default: false },
  },
});
const runs = Number(values.runs);
const tabCount = Number(values.tab);
const cliCount = Number(values.cli);
const baseline = !values["no-baseline"];
for (const [name, value] of [
  ["--runs", runs],
  ["--tab", tabCount],
  ["--cli", cliCount],
] as const) {
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a whole number from 1, not ${value}`);
}

/** One figure over the runs: its range, or its value after one run. */
function range(samples: readonly number[], format: (value: number) => string): string {
  const low = Math.min(...samples);
  const high = Math.max(...samples);
  return samples.length === 1 || format(low) === format(high) ? format(low) : `${format(low)}–${format(high)}`;
}
const rate = (perSecond: number) => `${(perSecond / 1e6).toFixed(2)}M`;
const times = (ratio: number) => `${ratio.toFixed(1)}×`;

/** /healthz answer times while `during` runs: the server must keep answering while it streams. */
async function healthWhile<T>(server: RunningServer, during: Promise<T>): Promise<{ result: T; times: number[] }> {
  const times: number[] = [];
  let streaming = true;
  const probe = (async () => {
    while (streaming) {
      const t0 = performance.now();
      await fetch(`${server.httpUrl}healthz`);
      times.push(performance.now() - t0);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  try {
    return { result: await during, times };
  } finally {
    streaming = false;
    await probe;
  }
}

const cli = { batched: [] as number[], perRecord: [] as number[], ratio: [] as number[] };
const tab = { batched: [] as TabFigures[], perRecord: [] as TabFigures[], ratio: [] as number[], health: [] as number[] };

const cliServer = await startServer(["--data", writeHistory(cliCount), "--delay", "0", "--jitter", "0"]);
const tabServer = await startServer(["--data", writeHistory(tabCount), "--delay", "0", "--jitter", "0"]);
const executablePath = chromiumExecutable();
const browser = await chromium.launch({ args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) });
try {
  for (let run = 1; run <= runs; run++) {
    const fast = await cliCatchUp(cliServer, cliCount, false);
    cli.batched.push(fast);
    let line = `run ${run}: CLI ${rate(fast)} messages/s`;
    if (baseline) {
      const slow = await cliCatchUp(cliServer, cliCount, true);
      cli.perRecord.push(slow);
      cli.ratio.push(fast / slow);
      line += ` (per record ${rate(slow)}, ${times(fast / slow)})`;
    }
    const { result: figures, times: health } = await healthWhile(
      tabServer,
      tabCatchUp(browser, tabServer, tabCount, false, { cpu: values.cpu }),
    );
    tab.batched.push(figures);
    tab.health.push(Math.max(...health));
    const cpu = figures.longestTaskCpu === undefined ? "" : ` (CPU ${Math.round(figures.longestTaskCpu)} ms)`;
    line += `; tab ${figures.seconds.toFixed(2)} s (history in by ${figures.arrived.toFixed(2)} s), longest task ${Math.round(figures.longestTask)} ms${cpu}`;
    if (baseline) {
      const old = await tabCatchUp(browser, tabServer, tabCount, true);
      tab.perRecord.push(old);
      tab.ratio.push(old.seconds / figures.seconds);
      line += ` (per record ${old.seconds.toFixed(2)} s, longest task ${Math.round(old.longestTask)} ms; ${times(old.seconds / figures.seconds)})`;
    }
    console.log(line);
  }
  const over = runs === 1 ? "" : ` (range over ${runs} runs)`;
  console.log(`\nhistory: CLI ${cliCount} messages, tab ${tabCount} messages${over}`);
  console.log(`CLI late joiner, batches: ${range(cli.batched, rate)} messages/s`);
  if (baseline)
    console.log(
      `CLI late joiner, one frame per record: ${range(cli.perRecord, rate)} messages/s; batches ${range(cli.ratio, times)} faster`,
    );
  const seconds = (list: TabFigures[]) => list.map((f) => f.seconds);
  const s = (value: number) => `${value.toFixed(2)} s`;
  const ms = (value: number) => `${Math.round(value)} ms`;
  console.log(
    `tab, batches: caught up in ${range(seconds(tab.batched), s)} after its welcome (the last history frame in after ${range(
      tab.batched.map((f) => f.arrived),
      s,
    )}; ${range(
      tab.batched.map((f) => f.fromLoad),
      s,
    )} after navigating); longest main-thread task ${range(
      tab.batched.map((f) => f.longestTask),
      ms,
    )}${
      values.cpu
        ? ` (the most CPU one task took: ${range(
            tab.batched.map((f) => f.longestTaskCpu ?? 0),
            ms,
          )})`
        : ""
    }`,
  );
  if (baseline) {
    console.log(
      `tab, one frame per record: ${range(seconds(tab.perRecord), s)}; longest task ${range(
        tab.perRecord.map((f) => f.longestTask),
        ms,
      )}; batches ${range(tab.ratio, times)} faster`,
    );
  }
  console.log(`server /healthz while streaming to the tab: longest answer ${range(tab.health, ms)}`);
} finally {
  await browser.close();
  await cliServer.stop();
  await tabServer.stop();
}
