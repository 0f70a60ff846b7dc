/**
 * `npm run bench:ui`: does a tab stay smooth under load? Target: no frame over
 * 32 ms in any 1.5 s window (page-frames.ts). A measurement, not a test.
 * Each run then records its floor, the same tab drawing nothing for as long
 * (page-frames.ts recordFloor), and the summary gives both.
 *
 *   default     a tab with 100,000 delivered messages (the server starts on a
 *               log that long; the tab catches up first) while 1,000 new ones
 *               arrive every second through the fast path (recorded after 2 s
 *               of them).
 *   --lecture   a tab in a room of 300 students who each send 1 message a
 *               second (300 arriving a second) through the default simulated
 *               network: the load of a lecture hall on auto-send.
 *
 *   --runs N     runs, each on a fresh server and browser (default 1); the
 *                summary gives ranges over the runs.
 *   --history N  the delivered history of the default case (default 100000).
 *   --students N / --seconds S  the lecture's size (default 300); seconds recorded (default 6).
 *   --senders N  the lecture's stream (students × 1 message a second) comes from N protocol
 *                clients instead of one per student (default: one per student). The tab gets the
 *                same stream through the same network, while the server and the load process do
 *                N/students of the work: a student's tab on its own laptop, the rest of the hall
 *                elsewhere. This machine's 2 cores otherwise also carry the server and every
 *                simulated student.
 *   --cpu        also trace the main thread's CPU time per frame (frame-cpu.ts; tracing adds work of its own): on a machine
 *                shared with other work, nearer what a quiet machine's frames take.
 */
import { parseArgs } from "node:util";
import { type Browser, chromium, type Page } from "@playwright/test";
import { WebSocket } from "ws";
import { CHROMIUM_ARGS, chromiumExecutable } from "../e2e/browser.ts";
import { lines, runTs, startServer, stopGroup } from "../server/testing/process.ts";
import { clientFrame, helloFrame } from "../shared/protocol.ts";
import { within } from "../shared/testing/wait.ts";
import { writeHistory } from "./history.ts";
import { describeFloor, describeFloors, describeRun, describeRuns, type FrameRecord, recordFloor, recordFrames } from "./page-frames.ts";

const { values, positionals } = parseArgs({
  options: {
    runs: { type: "string", default: "1" },
    lecture: { type: "boolean", default: false },
    history: { type: "string" },
    students: { type: "string", default: "300" },
    seconds: { type: "string", default: "6" },
    senders: { type: "string" },
    cpu: { type: "boolean", default: false },
  },
  allowPositionals: true,
});
const RUNS = Number(values.runs);
// The history may also come as the one positional argument, as it did before the flags.
const HISTORY = Number(values.history ?? positionals[0] ?? 100_000);
const STUDENTS = Number(values.students);
const SECONDS = Number(values.seconds);
const SENDERS = Number(values.senders ?? STUDENTS);
const RATE = 1000;
for (const [name, value] of Object.entries({ runs: RUNS, history: HISTORY, students: STUDENTS, seconds: SECONDS, senders: SENDERS })) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number above 0`);
}
if (values.senders !== undefined && !values.lecture) throw new Error("--senders is for the lecture: add --lecture");
// The server lets one connection send 100 messages a second (its default --rate-limit).
if (SENDERS > STUDENTS || STUDENTS / SENDERS > 100) {
  throw new Error(`--senders must be ${Math.ceil(STUDENTS / 100)} to ${STUDENTS}: each sender may send 100 messages a second`);
}

async function openTab(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(url);
  return page;
}

/** Two protocol clients that send `rate` messages a second between them, in small bursts every 10 ms. */
async function feed(wsUrl: string, rate: number): Promise<() => void> {
  const feeders = await within(
    Promise.all(
      [0, 1].map(
        (i) =>
          new Promise<WebSocket>((resolve) => {
            const ws = new WebSocket(wsUrl);
            ws.on("open", () => ws.send(helloFrame({ cid: `feeder-${i}` })));
            ws.on("message", (data) => {
              if (data.toString().startsWith('{"type":"welcome"')) resolve(ws);
            });
          }),
      ),
    ),
    "both feeders to be welcomed",
    30_000,
  );
  // Each feeder numbers its sends 1, 2, 3…: the sequencer stamps a sender's sends in its own order.
  const numbers = feeders.map(() => 0);
  const perTick = rate / 100 / feeders.length;
  const feeding = setInterval(() => {
    for (const [i, ws] of feeders.entries()) {
      for (let k = 0; k < perTick; k++) {
        numbers[i] = (numbers[i] ?? 0) + 1;
        ws.send(clientFrame({ type: "send", n: numbers[i] as number, data: `live ${i}-${numbers[i]}` }));
      }
    }
  }, 10);
  return () => {
    clearInterval(feeding);
    for (const ws of feeders) ws.terminate();
  };
}

const deliveredCount = async (page: Page) => Number(await page.getByTestId("delivered-count").textContent());

/** A run's record, and its floor: the same page right after, drawing nothing (page-frames.ts recordFloor). */
interface Run {
  readonly record: FrameRecord;
  readonly floor: FrameRecord;
}

/** After the catch-up, the tab takes the live stream this long before recording (the catch-up's garbage is collected then). */
const HISTORY_WARM_MS = 2000;

/** The default case: 100k delivered, 1k arriving a second. */
async function historyRun(browser: Browser): Promise<Run> {
  const server = await startServer(["--data", writeHistory(HISTORY), "--delay", "0", "--jitter", "0", "--rate-limit", "0"]);
  try {
    const page = await openTab(browser, server.httpUrl);
    await page
      .getByTestId("delivered-count")
      .filter({ hasText: String(HISTORY) })
      .waitFor({ timeout: 300_000 });
    const stop = await feed(server.wsUrl, RATE);
    try {
      await page.waitForTimeout(HISTORY_WARM_MS);
      const record = await recordFrames(page, SECONDS, { cpu: values.cpu });
      const rows = await page.getByTestId("delivered").count();
      console.log(`  ${describeRun(record)}; delivered ${await deliveredCount(page)}, ${rows} rows in the DOM`);
      const floor = await recordFloor(page, SECONDS);
      console.log(`  ${describeFloor(floor)}`);
      return { record, floor };
    } finally {
      stop();
    }
  } finally {
    await server.stop();
  }
}

/**
 * The lecture: the students are bench/load.ts's protocol clients in a process of their own (so
 * their work is not this process's), on the server's default network; the tab is one more worker.
 */
async function lectureRun(browser: Browser): Promise<Run> {
  const server = await startServer([]);
  const warmSeconds = 4;
  const students = runTs(
    [
      "bench/load.ts",
      ...["--url", server.wsUrl, "--clients", String(SENDERS), "--mode", "rate"],
      // load.ts counts deliveries: every message (students a second in all) reaches every sender.
      ...["--rate", String(STUDENTS * SENDERS), "--seconds", String(warmSeconds + 2 * SECONDS + 6)],
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  try {
    const page = await openTab(browser, server.httpUrl);
    await page.getByTestId("status").filter({ hasText: "connected" }).waitFor({ timeout: 60_000 });
    for await (const line of lines(students)) if (line.includes('"started"')) break;
    // Let the first messages cross the simulated network (up to 1.3 s) so the tab is under the full load.
    await page.waitForTimeout(warmSeconds * 1000);
    const before = await deliveredCount(page);
    const record = await recordFrames(page, SECONDS, { cpu: values.cpu });
    const arriving = ((await deliveredCount(page)) - before) / SECONDS;
    // The queue draws its first chips and then "and N more".
    const more = page.getByTestId("queued-more");
    const held = (await page.getByTestId("queued").count()) + ((await more.count()) ? Number(await more.getAttribute("data-count")) : 0);
    console.log(`  ${describeRun(record)}; ${arriving.toFixed(0)} messages delivered a second in the tab, ${held} held back at the end`);
    const floor = await recordFloor(page, SECONDS);
    console.log(`  ${describeFloor(floor)}`);
    return { record, floor };
  } finally {
    await stopGroup(students);
    await server.stop();
  }
}

const executablePath = chromiumExecutable();
console.log(
  values.lecture
    ? `lecture: a tab in a room of ${STUDENTS} students sending 1 message a second each, default network${SENDERS === STUDENTS ? "" : ` (the stream sent by ${SENDERS} clients, ${(STUDENTS / SENDERS).toFixed(1)} a second each)`}; ${SECONDS} s recorded, ${RUNS} run(s)`
    : `history ${HISTORY} messages, then ${RATE} new messages a second; ${SECONDS} s recorded, ${RUNS} run(s)`,
);
const runs: Run[] = [];
for (let run = 1; run <= RUNS; run++) {
  const browser = await chromium.launch({ args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) });
  try {
    console.log(`run ${run}:`);
    runs.push(await (values.lecture ? lectureRun(browser) : historyRun(browser)));
  } finally {
    await browser.close();
  }
}
const records = runs.map((run) => run.record);
console.log(describeRuns(records));
console.log(
  describeFloors(
    records,
    runs.map((run) => run.floor),
  ),
);
