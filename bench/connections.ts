/**
 * `npm run bench:connections`: many idle workers on one server process. Opens
 * N workers (default 10,000) from a separate process, each saying hello, and
 * reports the server's memory per idle connection (RSS growth / N) and the
 * time for one message to reach them all (send to last delivery), median of 3.
 * Needs N + a few hundred file descriptors in both processes (`ulimit -n`;
 * 20,000 here). A measurement, not a test.
 */
import { WebSocket } from "ws";
import { clientFrame, helloFrame } from "../shared/protocol.ts";
import { within } from "../shared/testing/wait.ts";
import { rssBytes, startOrdercast } from "./processes.ts";

const COUNT = Number(process.argv[2] ?? 10_000);

const server = await startOrdercast(["--memory", "--max-connections", String(COUNT + 100)]);
const { pid, wsUrl: url } = server;
try {
  await new Promise((r) => setTimeout(r, 500));
  const before = rssBytes(pid);
  const sockets: WebSocket[] = [];
  let received = 0;
  let onAll: (() => void) | null = null;
  const t0 = performance.now();
  // Connect in batches, so the accept queue is not flooded.
  for (let i = 0; i < COUNT; i += 500) {
    const batch = Promise.all(
      Array.from({ length: Math.min(500, COUNT - i) }, (_, j) => {
        return new Promise<void>((resolve, reject) => {
          const ws = new WebSocket(url, { perMessageDeflate: false });
          ws.on("error", reject);
          ws.on("open", () => ws.send(helloFrame({ cid: `idle-${i + j}` })));
          ws.on("message", (data) => {
            const text = data.toString();
            if (text.startsWith('{"type":"welcome"')) resolve();
            else if (text.startsWith('{"type":"stamped"')) {
              received++;
              if (received === COUNT && onAll) onAll();
            }
          });
          sockets.push(ws);
        });
      }),
    );
    await within(batch, `workers ${i + 1}..${Math.min(i + 500, COUNT)} to be welcomed`, 60_000);
  }
  const connectSeconds = (performance.now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, 1000));
  const perConnection = (rssBytes(pid) - before) / COUNT;
  const fanout: number[] = [];
  for (let round = 1; round <= 3; round++) {
    received = 0;
    const sent = performance.now();
    const all = new Promise<void>((resolve) => {
      onAll = resolve;
      sockets[0]?.send(clientFrame({ type: "send", n: round, data: `fan-out ${round}` }));
    });
    await within(all, `fan-out ${round} to reach all ${COUNT} workers`, 60_000);
    fanout.push(performance.now() - sent);
  }
  fanout.sort((a, b) => a - b);
  console.log(`${COUNT} idle workers connected in ${connectSeconds.toFixed(1)} s`);
  console.log(`server memory per idle connection: ${(perConnection / 1024).toFixed(1)} KB (RSS growth / workers)`);
  console.log(`one message to all ${COUNT}: median ${fanout[1]?.toFixed(0)} ms (${fanout.map((t) => t.toFixed(0)).join(", ")} ms)`);
  for (const ws of sockets) ws.terminate();
} finally {
  await server.stop("SIGKILL");
}
process.exit(0);
