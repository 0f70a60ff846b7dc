/**
 * Changes a running room's network, or resets the room, with the teacher key:
 *   npm run -s net -- --key KEY [--url ws://HOST:PORT/ws] [--delay MS] [--jitter MS] [--loss P] [--dup P] [--reset]
 * Prints the room's settings afterwards; exits 1 when the server refuses.
 */
import { parseArgs } from "node:util";
import { WebSocket } from "ws";
import { CloseCode, clientFrame, type NetworkSettings, PROTOCOL_VERSION, parseServerFrame } from "../shared/protocol.ts";

const USAGE = `Usage: npm run -s net -- --key KEY [--url ws://localhost:8080/ws] [--delay MS] [--jitter MS] [--loss P] [--dup P] [--reset]

Changes the network of a running room live (every worker sees the new settings at once),
or with --reset empties the room's log and starts a new epoch. KEY is the teacher key
the server printed at start.`;

function fail(message: string, code = 2): never {
  process.stderr.write(`ordercast net: ${message}\n`);
  process.exit(code);
}

let values: ReturnType<typeof parse>["values"];
function parse() {
  return parseArgs({
    options: {
      url: { type: "string" },
      key: { type: "string" },
      delay: { type: "string" },
      jitter: { type: "string" },
      loss: { type: "string" },
      dup: { type: "string" },
      reset: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}
try {
  values = parse().values;
} catch (error) {
  fail(`${(error as Error).message}\n\n${USAGE}`);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!values.key) fail(`--key is required\n\n${USAGE}`);
const key = values.key;

const change: Partial<NetworkSettings> = {};
for (const name of ["delay", "jitter", "loss", "dup"] as const) {
  const text = values[name];
  if (text === undefined) continue;
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value)) fail(`--${name} must be a number, not "${text}"`);
  change[name] = value;
}
if (!values.reset && Object.keys(change).length === 0)
  fail(`nothing to change: give --delay, --jitter, --loss, --dup or --reset\n\n${USAGE}`);

const url = values.url ?? "ws://localhost:8080/ws";
const ws = new WebSocket(url);
ws.on("error", (error) => fail(`cannot use ${url}: ${error.message}`, 1));
ws.on("open", () => {
  if (Object.keys(change).length) ws.send(clientFrame({ type: "configure", key, network: change }));
  if (values.reset) ws.send(clientFrame({ type: "reset", key }));
});
let answers = 0;
const expected = (Object.keys(change).length ? 1 : 0) + (values.reset ? 1 : 0);
ws.on("message", (data) => {
  const parsed = parseServerFrame(data.toString());
  if (!parsed.ok) fail(`bad answer from the server: ${parsed.message}`, 1);
  const message = parsed.message;
  if (message.type === "error") fail(`refused: ${message.code}: ${message.message}`, 1);
  if (message.type !== "settings") return;
  if (++answers < expected) return;
  const { delay, jitter, loss, dup } = message.network;
  console.log(
    `${values.reset ? "Room reset. " : ""}Network: delay ${delay} ms, jitter ${jitter} ms, loss ${loss}, dup ${dup} (protocol ${PROTOCOL_VERSION})`,
  );
  ws.close(CloseCode.Normal);
});
