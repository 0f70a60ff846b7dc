/**
 * The load for `npm run bench:lecture`, in a process of its own: N students,
 * each a protocol client (ws) that sends R messages a second, as a tab on
 * auto-send does. Each client delivers in seq order with its own hold-back
 * (as a worker in total order does), keeps an order digest of what it
 * delivered, and times its own messages from send to delivery (one clock:
 * this process). Frames are read as bytes, not JSON, so this process's own
 * garbage collection stays out of what it measures.
 *
 * Prints JSON lines: {"welcome":…} (the network the room runs), {"started":true}
 * and {"stopped":true} around the measured window, then the result once every
 * client delivered everything or the drain time ran out.
 */
import { parseArgs } from "node:util";
import { WebSocket } from "ws";
import { helloFrame } from "../shared/protocol.ts";
import { seededRandom } from "../shared/random.ts";
import { numberAfter, STAMPED, startsWith, WELCOME } from "./frames.ts";

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    students: { type: "string" },
    rate: { type: "string" },
    seconds: { type: "string" },
    warmup: { type: "string" },
    drain: { type: "string" },
  },
});
const url = values.url ?? "";
const students = Number(values.students ?? 300);
const rate = Number(values.rate ?? 1);
const seconds = Number(values.seconds ?? 10);
const warmupMs = Number(values.warmup ?? 3) * 1000;
const drainMs = Number(values.drain ?? 30) * 1000;
// Where in its period each student starts sending: spread evenly, the same every run.
const phases = seededRandom(1);

const SEQ = Buffer.from('"seq":');
const FROM = Buffer.from('"from":');
const N = Buffer.from('"n":');
const DATA = Buffer.from('"data":"');

interface Student {
  readonly ws: WebSocket;
  id: number;
  sent: number;
  /** The next seq it may deliver. */
  next: number;
  /** Frames that arrived early, by seq. */
  readonly held: Map<number, Buffer>;
  /** Order digest over (seq, from, n) of everything delivered, in delivery order. */
  digest: number;
}

let windowStart = Number.POSITIVE_INFINITY;
let windowEnd = Number.POSITIVE_INFINITY;
let sending = true;
let deliveriesInWindow = 0;
let totalSent = 0;
// Latencies of own messages sent in the window, in a buffer allocated once.
const latencies = new Float64Array(Math.ceil(students * rate * (seconds + 2) * 1.2));
let measured = 0;

/** A small, order-sensitive mix of three numbers into the digest (FNV-style, 32 bits). */
function mix(h: number, a: number, b: number, c: number): number {
  h = Math.imul(h ^ a, 16777619);
  h = Math.imul(h ^ b, 16777619);
  return Math.imul(h ^ c, 16777619) >>> 0;
}

function deliver(s: Student, frame: Buffer, now: number): void {
  const seq = s.next++;
  const from = numberAfter(frame, FROM);
  s.digest = mix(s.digest, seq, from, numberAfter(frame, N));
  if (from !== s.id) return;
  const stamp = numberAfter(frame, DATA) / 1000;
  if (stamp >= windowStart && stamp < windowEnd && measured < latencies.length) latencies[measured++] = now - stamp;
}

function receive(s: Student, frame: Buffer): void {
  const now = performance.now();
  if (now >= windowStart && now < windowEnd) deliveriesInWindow++;
  const seq = numberAfter(frame, SEQ);
  if (seq < s.next) return;
  if (seq > s.next) {
    s.held.set(seq, frame);
    return;
  }
  deliver(s, frame, now);
  for (let next = s.held.get(s.next); next; next = s.held.get(s.next)) {
    s.held.delete(s.next);
    deliver(s, next, now);
  }
}

let network: unknown = null;

function connect(index: number): Promise<Student> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, skipUTF8Validation: true });
    const s: Student = { ws, id: 0, sent: 0, next: 1, held: new Map(), digest: 2166136261 };
    ws.on("error", reject);
    ws.on("open", () => ws.send(helloFrame({ cid: `lecture-${index}-${process.pid}` })));
    ws.on("message", (frame: Buffer) => {
      if (startsWith(frame, STAMPED)) receive(s, frame);
      else if (startsWith(frame, WELCOME)) {
        const welcome = JSON.parse(frame.toString());
        s.id = welcome.workerId;
        network ??= welcome.network;
        resolve(s);
      }
    });
  });
}

function send(s: Student): void {
  if (!sending || s.ws.readyState !== WebSocket.OPEN) return;
  s.sent++;
  totalSent++;
  // The send time in microseconds of this process's clock: the data is the stamp.
  s.ws.send(`{"type":"send","n":${s.sent},"data":"${Math.round(performance.now() * 1000)}"}`);
}

const all: Student[] = [];
// Connect in small groups: 300 handshakes at once would be a burst no class makes.
for (let i = 0; i < students; i += 25) {
  all.push(...(await Promise.all(Array.from({ length: Math.min(25, students - i) }, (_, k) => connect(i + k)))));
}
console.log(JSON.stringify({ welcome: { network } }));
const everyMs = 1000 / rate;
const timers: NodeJS.Timeout[] = [];
for (const s of all) {
  // Each student at its own phase, as tabs started by hand are.
  timers.push(setTimeout(() => timers.push(setInterval(() => send(s), everyMs)), phases.next() * everyMs));
}
await new Promise((r) => setTimeout(r, warmupMs));
windowStart = performance.now();
console.log(JSON.stringify({ started: true }));
await new Promise((r) => setTimeout(r, seconds * 1000));
windowEnd = performance.now();
sending = false;
for (const t of timers) clearTimeout(t);
console.log(JSON.stringify({ stopped: true }));

// Drain: every client must deliver every message sent (nobody else sends in this room).
const drainStart = performance.now();
const done = () => all.every((s) => s.next - 1 >= totalSent);
while (!done() && performance.now() - drainStart < drainMs) await new Promise((r) => setTimeout(r, 100));
const elapsed = (windowEnd - windowStart) / 1000;
const sorted = latencies.subarray(0, measured).sort();
const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
const complete = all.filter((s) => s.next - 1 === totalSent && s.held.size === 0);
console.log(
  JSON.stringify({
    students,
    rate,
    totalSent,
    deliveries: deliveriesInWindow,
    perSecond: deliveriesInWindow / elapsed,
    own: { count: measured, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? Number.NaN },
    complete: complete.length,
    // One order: every complete client has the same digest.
    digests: new Set(complete.map((s) => s.digest)).size,
    drainSeconds: (performance.now() - drainStart) / 1000,
  }),
);
for (const s of all) s.ws.terminate();
process.exit(0);
