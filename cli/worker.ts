/**
 * The headless worker: `npm run -s worker -- --help`. It drives the same
 * WorkerCore as a browser tab over a real WebSocket and prints the seed's log
 * format as events happen, so two workers' outputs can be diffed.
 */
import { randomInt } from "node:crypto";
import { WebSocket } from "ws";
import { PROTOCOL_VERSION, parseServerFrame } from "../shared/protocol.ts";
import { nineDigits, seededRandom } from "../shared/random.ts";
import { sentLine } from "../shared/seed-format.ts";
import { seedLine, WorkerCore } from "../shared/worker-core.ts";
import { parseWorkerOptions, USAGE, UsageError, type WorkerOptions } from "./options.ts";

function run(options: WorkerOptions): void {
  const random = seededRandom(options.seed ?? randomInt(2 ** 32 - 1));
  const core = new WorkerCore(Date.now);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const fail = (message: string) => {
    process.stderr.write(`ordercast worker: ${message}\n`);
    process.exit(1);
  };

  let sent = 0;
  let lastDelivery = Date.now();
  let finished = false;
  const ws = new WebSocket(options.url, { perMessageDeflate: false });

  const sendNext = () => {
    if (finished || sent >= options.count || ws.readyState !== WebSocket.OPEN) return;
    const send = core.send(nineDigits(random));
    sent++;
    out(sentLine(send.data));
    ws.send(JSON.stringify(send));
    if (sent < options.count) setTimeout(sendNext, options.interval * (0.5 + random.next()));
  };

  const idleCheck = () => {
    if (options.idleExit === null) return;
    const done = sent >= options.count && core.ownPending === 0;
    if (done && Date.now() - lastDelivery >= options.idleExit) {
      finished = true;
      ws.close(1000, "done");
      process.exitCode = 0;
      return;
    }
    setTimeout(idleCheck, Math.min(100, options.idleExit / 4));
  };

  ws.on("open", () => ws.send(JSON.stringify({ type: "hello", version: PROTOCOL_VERSION, after: core.lastDelivered })));
  ws.on("message", (data, isBinary) => {
    if (isBinary) return;
    const parsed = parseServerFrame(data.toString());
    if (!parsed.ok) {
      process.stderr.write(`ordercast worker: ignored a bad frame from the server: ${parsed.message}\n`);
      return;
    }
    const message = parsed.message;
    if (message.type === "welcome") {
      out(seedLine(core.join(message)) ?? "");
      sendNext();
      idleCheck();
    } else if (message.type === "stamped") {
      for (const event of core.receive(message)) {
        const line = seedLine(event);
        if (line !== null) out(line);
        if (event.kind === "delivered") lastDelivery = Date.now();
      }
    } else {
      if (message.ref !== undefined) core.refused(message.ref);
      process.stderr.write(`ordercast worker: server error ${message.code}: ${message.message}\n`);
    }
  });
  ws.on("error", (error) => fail(`cannot use ${options.url}: ${error.message}. Is the server running (npm start)?`));
  ws.on("close", (code, reason) => {
    if (!finished) fail(`connection closed by the server (${code}${reason.length ? ` ${reason.toString()}` : ""})`);
  });
}

try {
  const options = parseWorkerOptions(process.argv.slice(2));
  if (options) run(options);
  else console.log(USAGE);
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`ordercast worker: ${error.message}\n\n${USAGE}\n`);
  process.exit(2);
}
