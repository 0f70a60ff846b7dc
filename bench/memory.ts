/**
 * `npm run bench:memory`: a room that sequences millions of messages keeps
 * bounded memory. Starts the real server on a fresh data directory, has two
 * workers send N messages (default 2,000,000) as fast as the durable log takes
 * them, and samples the server's resident memory as the log grows. Then it
 * restarts the server on that log (timing the recovery) and lets a late joiner
 * catch up on all N, checking it got every seq once, in order, with the same
 * order digest as the senders. A measurement, not a test.
 */
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WebSocket } from "ws";
import { OrderDigest } from "../shared/digest.ts";
import { helloFrame } from "../shared/protocol.ts";
import { within } from "../shared/testing/wait.ts";
import { numberAfter, STAMPED, startsWith, WELCOME } from "./frames.ts";
import { rssBytes, startOrdercast } from "./processes.ts";

const COUNT = Number(process.argv[2] ?? 2_000_000);
const SENDERS = 2;
const WINDOW = 200;
const SAMPLES = 8;

const FROM = Buffer.from('"from":');
// Generous: the machine is shared; a wait past this is a hang, not a slow run.
const LIMIT_MS = 120_000 + COUNT;
const rssMiB = (pid: number) => rssBytes(pid) / 2 ** 20;

/** A worker that says hello and resolves with its id once welcomed. */
function open(url: string, cid: string, onStamped: (frame: Buffer) => void): Promise<{ ws: WebSocket; id: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, skipUTF8Validation: true });
    ws.on("error", reject);
    ws.on("open", () => ws.send(helloFrame({ cid })));
    ws.on("message", (frame: Buffer) => {
      if (startsWith(frame, STAMPED)) onStamped(frame);
      else if (startsWith(frame, WELCOME)) resolve({ ws, id: JSON.parse(frame.toString()).workerId });
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), "ordercast-memory-"));
const first = await startOrdercast(["--data", dir]);
const firstPid = first.pid;
const samples: { seq: number; rss: number }[] = [{ seq: 0, rss: rssMiB(firstPid) }];
const digest = new OrderDigest();
let sequenced = 0;
const t0 = performance.now();
const sending = new Promise<void>((done) => {
  const senders: { ws: WebSocket; id: number; n: number; outstanding: number }[] = [];
  const send = (s: (typeof senders)[number]) => {
    while (s.outstanding < WINDOW && sequenced + senders.reduce((sum, x) => sum + x.outstanding, 0) < COUNT) {
      s.n++;
      s.outstanding++;
      s.ws.send(`{"type":"send","n":${s.n},"data":"message ${s.n} from worker ${s.id}"}`);
    }
  };
  let ready = 0;
  for (let i = 0; i < SENDERS; i++) {
    let self: (typeof senders)[number] | undefined;
    open(first.wsUrl, `memory-sender-${i}`, (frame) => {
      // Every sender sees every message; the first one keeps the digest and the count.
      if (i === 0) {
        const message = JSON.parse(frame.toString()) as { seq: number; data: string };
        digest.add(message.seq, message.data);
        sequenced = message.seq;
        if (sequenced % Math.floor(COUNT / SAMPLES) === 0) samples.push({ seq: sequenced, rss: rssMiB(firstPid) });
        if (sequenced === COUNT) done();
      }
      if (self && numberAfter(frame, FROM) === self.id) {
        self.outstanding--;
        send(self);
      }
    }).then(({ ws, id }) => {
      self = { ws, id, n: 0, outstanding: 0 };
      senders.push(self);
      if (++ready === SENDERS) for (const s of senders) send(s);
    });
  }
});
await within(sending, () => `all ${COUNT} messages to be sequenced (${sequenced} so far)`, LIMIT_MS);
const sendSeconds = (performance.now() - t0) / 1000;
await first.stop("SIGKILL");
const logBytes = statSync(join(dir, "default", "sequencer.log")).size;

// The same log, reopened by a new server process: recovery time and memory, then a late joiner.
const t1 = performance.now();
const second = await startOrdercast(["--data", dir]);
const recoverSeconds = (performance.now() - t1) / 1000;
const secondPid = second.pid;
const afterRecovery = rssMiB(secondPid);
let peakDuringCatchUp = afterRecovery;
const late = new OrderDigest();
let expected = 1;
let wrong = 0;
const t2 = performance.now();
const catchingUp = new Promise<void>((done) => {
  open(second.wsUrl, "memory-late-joiner", (frame) => {
    const message = JSON.parse(frame.toString()) as { seq: number; data: string };
    if (message.seq !== expected) wrong++;
    expected = message.seq + 1;
    late.add(message.seq, message.data);
    if (message.seq % 100_000 === 0) peakDuringCatchUp = Math.max(peakDuringCatchUp, rssMiB(secondPid));
    if (message.seq === COUNT) done();
  });
});
await within(catchingUp, `the late joiner to catch up on all ${COUNT}`, LIMIT_MS);
const catchUpSeconds = (performance.now() - t2) / 1000;
await second.stop("SIGKILL");

console.log(
  `${COUNT.toLocaleString("en")} messages sequenced on the durable log in ${sendSeconds.toFixed(1)} s (${Math.round(COUNT / sendSeconds)}/s); log file ${(logBytes / 2 ** 20).toFixed(0)} MiB`,
);
console.log("server resident memory as the log grew:");
for (const { seq, rss } of samples) console.log(`  after ${seq.toLocaleString("en").padStart(10)} messages: ${rss.toFixed(0)} MiB`);
console.log(`restart on the full log: listening after ${recoverSeconds.toFixed(1)} s, ${afterRecovery.toFixed(0)} MiB resident`);
console.log(
  `late joiner: all ${COUNT.toLocaleString("en")} in ${catchUpSeconds.toFixed(1)} s (${Math.round(COUNT / catchUpSeconds)}/s), ${wrong} out of order, digest ${late.value === digest.value ? "matches the senders'" : "DIFFERS from the senders'"}; server peak ${peakDuringCatchUp.toFixed(0)} MiB meanwhile`,
);
process.exit(wrong === 0 && late.value === digest.value ? 0 : 1);
