/**
 * The load for `npm run bench`, in a process of its own: N clients on one
 * server, either the raw relay ("raw") or Ordercast ("ours").
 *   throughput: each client keeps a window of its own messages in flight and
 *               sends again as each comes back; counts deliveries a second.
 *   rate:       the clients together send so that R deliveries a second reach
 *               them all; every message carries its send time, and each
 *               delivery's latency is measured (one clock: this process).
 * Prints one JSON line with the result.
 */
import { parseArgs } from "node:util";
import { WebSocket } from "ws";
import { helloFrame } from "../shared/protocol.ts";
import { numberAfter, STAMPED, startsWith, WELCOME } from "./frames.ts";

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    kind: { type: "string" },
    clients: { type: "string" },
    mode: { type: "string" },
    seconds: { type: "string" },
    rate: { type: "string" },
  },
});
const url = values.url ?? "";
const kind = values.kind === "raw" ? "raw" : "ours";
const clients = Number(values.clients ?? 50);
const seconds = Number(values.seconds ?? 4);
const mode = values.mode === "rate" ? "rate" : "throughput";
const rate = Number(values.rate ?? 25_000);
const WINDOW = 16;
const WARMUP_MS = 1000;

interface Client {
  readonly ws: WebSocket;
  id: number;
  n: number;
  outstanding: number;
  send(): void;
}

let measuring = false;
let deliveries = 0;
// Latencies in a buffer allocated once, and frames read as bytes: the load process must not
// garbage-collect in the middle of a fan-out, or its own pauses become everyone's tail.
const latencies = new Float64Array(Math.ceil(rate * (seconds + 1) * 1.5));
let measured = 0;

const STAMP = Buffer.from(kind === "raw" ? '"t":' : '"data":"');

function connect(index: number): Promise<Client> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, skipUTF8Validation: true });
    const client: Client = {
      ws,
      id: 0,
      n: 0,
      outstanding: 0,
      send() {
        const stamp = Math.round(performance.now() * 1000);
        client.n++;
        client.outstanding++;
        ws.send(kind === "raw" ? `{"c":${index},"t":${stamp}}` : `{"type":"send","n":${client.n},"data":"${stamp}"}`);
      },
    };
    let own = Buffer.from(`{"c":${index},`);
    ws.on("error", reject);
    ws.on("open", () => {
      if (kind === "raw") resolve(client);
      else ws.send(helloFrame({ cid: `bench-${index}-${process.pid}` }));
    });
    ws.on("message", (frame: Buffer) => {
      if (kind === "ours" && !startsWith(frame, STAMPED)) {
        if (startsWith(frame, WELCOME)) {
          client.id = JSON.parse(frame.toString()).workerId;
          own = Buffer.from(`"from":${client.id},`);
          resolve(client);
        }
        return;
      }
      const now = performance.now() * 1000;
      if (measuring) deliveries++;
      if (mode === "rate" && measuring && measured < latencies.length) {
        const stamp = numberAfter(frame, STAMP);
        if (stamp >= 0) latencies[measured++] = (now - stamp) / 1000;
      }
      const mine = kind === "raw" ? startsWith(frame, own) : frame.indexOf(own) >= 0;
      if (mine) {
        client.outstanding--;
        if (mode === "throughput") client.send();
      }
    });
  });
}

const all = await Promise.all(Array.from({ length: clients }, (_, i) => connect(i)));
if (mode === "throughput") {
  for (const client of all) for (let i = 0; i < WINDOW; i++) client.send();
} else {
  // Each message reaches every client: messages a second = deliveries a second / clients.
  const perClientEveryMs = (1000 * clients * clients) / rate;
  for (const client of all) {
    setTimeout(() => setInterval(() => client.send(), perClientEveryMs), Math.random() * perClientEveryMs);
  }
}
await new Promise((r) => setTimeout(r, WARMUP_MS));
measuring = true;
const started = performance.now();
// Tell the parent the measured window starts now (it reads the server's CPU time at this moment).
console.log(JSON.stringify({ started: true }));
await new Promise((r) => setTimeout(r, seconds * 1000));
measuring = false;
const elapsed = (performance.now() - started) / 1000;
const sorted = latencies.subarray(0, measured).sort();
const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
console.log(
  JSON.stringify({
    deliveries,
    seconds: elapsed,
    perSecond: deliveries / elapsed,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    p999: at(0.999),
    max: sorted.at(-1) ?? Number.NaN,
  }),
);
for (const client of all) client.ws.terminate();
process.exit(0);
