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
const latencies: number[] = [];

function connect(index: number): Promise<Client> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    const client: Client = {
      ws,
      id: 0,
      n: 0,
      outstanding: 0,
      send() {
        const stamp = (performance.now() * 1000).toFixed(0);
        client.n++;
        client.outstanding++;
        ws.send(kind === "raw" ? `{"c":${index},"t":${stamp}}` : `{"type":"send","n":${client.n},"data":"${stamp}"}`);
      },
    };
    let ownMarker = "";
    ws.on("error", reject);
    ws.on("open", () => {
      if (kind === "raw") resolve(client);
      else ws.send(JSON.stringify({ type: "hello", version: 1, cid: `bench-${index}-${process.pid}` }));
    });
    ws.on("message", (data) => {
      const text = data.toString();
      if (kind === "ours") {
        if (!text.startsWith('{"type":"stamped"')) {
          if (text.startsWith('{"type":"welcome"')) {
            client.id = JSON.parse(text).workerId;
            ownMarker = `"from":${client.id},`;
            resolve(client);
          }
          return;
        }
      }
      const now = performance.now() * 1000;
      if (measuring) deliveries++;
      if (mode === "rate" && measuring) {
        const match = kind === "raw" ? /"t":(\d+)/.exec(text) : /"data":"(\d+)"/.exec(text);
        if (match) latencies.push((now - Number(match[1])) / 1000);
      }
      const own = kind === "raw" ? text.startsWith(`{"c":${index},`) : text.includes(ownMarker);
      if (own) {
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
const sorted = latencies.sort((a, b) => a - b);
const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
console.log(JSON.stringify({ deliveries, seconds: elapsed, perSecond: deliveries / elapsed, p50: at(0.5), p99: at(0.99) }));
for (const client of all) client.ws.terminate();
process.exit(0);
