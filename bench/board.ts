/**
 * `npm run bench:board`: does the teacher's board stay smooth with a class at
 * work? 30 workers (bench/load.ts's protocol clients, in a process of their
 * own) send 1,000 messages a second between them through the default network; the board is opened with
 * the teacher key, at /board and at /board?view=present, and records its
 * frames (page-frames.ts). Target: no frame over 32 ms in any 1.5 s window.
 * Each view then records its floor, the same page drawing nothing for as long.
 * A measurement, not a test.
 *
 *   --runs N      runs, each on a fresh server, class and browser (default 1)
 *   --workers N   the class's size (default 30)
 *   --rate R      messages a second, all workers together (default 1000)
 *   --seconds S   seconds recorded per view (default 6)
 *   --fast        the fast path (no simulated network) instead of the server's default network;
 *                the diagram then has nearly nothing to draw
 *   --cpu         also trace the main thread's CPU time per frame (frame-cpu.ts)
 */
import { parseArgs } from "node:util";
import { chromium } from "@playwright/test";
import { CHROMIUM_ARGS, chromiumExecutable } from "../e2e/browser.ts";
import { lines, runTs, startServer, stopGroup } from "../server/testing/process.ts";
import { describeFloor, describeFloors, describeRun, describeRuns, type FrameRecord, recordFloor, recordFrames } from "./page-frames.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "1" },
    workers: { type: "string", default: "30" },
    rate: { type: "string", default: "1000" },
    seconds: { type: "string", default: "6" },
    cpu: { type: "boolean", default: false },
    fast: { type: "boolean", default: false },
  },
});
const RUNS = Number(values.runs);
const WORKERS = Number(values.workers);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
for (const [name, value] of Object.entries({ runs: RUNS, workers: WORKERS, rate: RATE, seconds: SECONDS })) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number above 0`);
}
const KEY = "bench-board-key";
/** The board's two views: the teacher's page, and the presenter view for the projector. */
const VIEWS = [
  { name: "/board", query: "" },
  { name: "/board?view=present", query: "&view=present" },
];
const WARM_MS = 2000;

/** One run: one server and class; each view measured in turn. */
async function run(): Promise<{ record: FrameRecord; floor: FrameRecord }[]> {
  const network = values.fast ? ["--delay", "0", "--jitter", "0"] : [];
  const server = await startServer([...network, "--key", KEY]);
  const viewSeconds = (WARM_MS / 1000 + 2 * SECONDS + 4) * VIEWS.length;
  const students = runTs(
    [
      "bench/load.ts",
      ...["--url", server.wsUrl, "--clients", String(WORKERS), "--mode", "rate"],
      // The load counts deliveries: every message reaches every worker.
      ...["--rate", String(RATE * WORKERS), "--seconds", String(viewSeconds + 5)],
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const executablePath = chromiumExecutable();
  const browser = await chromium.launch({ args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) });
  try {
    for await (const line of lines(students)) if (line.includes('"started"')) break;
    const records: { record: FrameRecord; floor: FrameRecord }[] = [];
    for (const view of VIEWS) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      await page.goto(`${server.httpUrl}board?key=${KEY}${view.query}`);
      // Both views draw the diagram; either says "connecting…" until the first board message.
      await page.getByTestId("spacetime").first().waitFor({ timeout: 60_000 });
      await page.getByText("connecting…").waitFor({ state: "hidden", timeout: 60_000 });
      await page.waitForTimeout(WARM_MS);
      const record = await recordFrames(page, SECONDS, { cpu: values.cpu });
      const labels = await page.getByTestId("seq-label").count();
      console.log(`  ${view.name}: ${describeRun(record)}; ${labels} seq labels drawn`);
      const floor = await recordFloor(page, SECONDS);
      console.log(`  ${view.name}: ${describeFloor(floor)}`);
      records.push({ record, floor });
      await page.close();
    }
    return records;
  } finally {
    await browser.close();
    await stopGroup(students);
    await server.stop();
  }
}

console.log(
  `board: ${WORKERS} workers sending ${RATE} messages a second between them, ${values.fast ? "fast path" : "default network"}; ${SECONDS} s recorded per view, ${RUNS} run(s)`,
);
const byView: FrameRecord[][] = VIEWS.map(() => []);
const floorsByView: FrameRecord[][] = VIEWS.map(() => []);
for (let i = 1; i <= RUNS; i++) {
  console.log(`run ${i}:`);
  for (const [v, { record, floor }] of (await run()).entries()) {
    byView[v]?.push(record);
    floorsByView[v]?.push(floor);
  }
}
for (const [v, view] of VIEWS.entries()) {
  console.log(`${view.name}: ${describeRuns(byView[v] ?? [])}`);
  console.log(`${view.name}: ${describeFloors(byView[v] ?? [], floorsByView[v] ?? [])}`);
}
