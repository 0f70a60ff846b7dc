/**
 * The sequencer server: `npm start`. One port serves the page and the
 * WebSocket (/ws). Run `npm start -- --help` for the flags.
 */
import { randomBytes, randomInt } from "node:crypto";
import { networkInterfaces } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CloseCode, type NetworkSettings } from "../shared/protocol.ts";
import { seededRandom } from "../shared/random.ts";
import { ensureBuilt } from "./build.ts";
import { realClock } from "./clock.ts";
import { descriptorWarning, FILES_PER_ROOM, fittingConnections, softFileLimit } from "./fd-limit.ts";
import { FileLog } from "./file-log.ts";
import { serverNames } from "./host-names.ts";
import { createHttpServer, staticPages } from "./http.ts";
import { MemoryLog } from "./log.ts";
import { parseServerOptions, type ServerOptions, USAGE, UsageError } from "./options.ts";
import { originHosts } from "./origin.ts";
import { Room } from "./room.ts";
import { DEFAULT_ROOM, MAX_ROOMS, RoomRefusal, Rooms } from "./rooms.ts";
import { attachSequencer } from "./transport.ts";

/** How often every worker is told the newest seq, so one that missed the latest notices. */
const HEAD_INTERVAL_MS = 1000;
/** How often boards get what changed. */
const BOARD_INTERVAL_MS = 200;

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

async function main(): Promise<void> {
  let options: ServerOptions | null;
  try {
    options = parseServerOptions(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`ordercast: ${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (!options) {
    console.log(USAGE);
    return;
  }

  const seed = options.seed ?? randomInt(2 ** 32 - 1);
  const settings: NetworkSettings = { delay: options.delay, jitter: options.jitter, loss: options.loss, dup: options.dup };
  // Epoch names must differ between runs even with the same --seed: they come from real entropy.
  const entropy = seededRandom(randomInt(2 ** 32 - 1));
  const key = options.key ?? randomBytes(12).toString("base64url");
  const data = options.data === null ? null : resolve(options.data);
  // Each room has its own log (DIR/NAME/, made with its first message) and its own seeded network, from the one --seed.
  const rooms: Rooms = new Rooms(
    (name) => {
      // A room whose log cannot be written stops as a crash would, alone: nothing unlogged is announced,
      // its workers reconnect, and the room reopens on what its log holds. The other rooms go on.
      const failed = (error: Error) => {
        console.error(`ordercast: room "${name}": its log cannot be written, closing the room: ${error.message}`);
        rooms.drop(room);
      };
      const log = data === null ? new MemoryLog(entropy) : FileLog.open(join(data, name), entropy, (line) => console.log(line), failed);
      const room = new Room({ settings, clock: realClock, random: seededRandom(seed ^ hashName(name)), log, teacherKey: key, name });
      return room;
    },
    MAX_ROOMS,
    { report: (line) => console.error(line) },
  );
  const room = rooms.open(DEFAULT_ROOM);
  if (room instanceof RoomRefusal) {
    console.error(`ordercast: the default room cannot be opened: ${room.reason}`);
    process.exit(1);
  }
  // The connection cap stays below the open-file limit: the default is lowered to fit; a cap given by hand is
  // kept, with a warning when it could pass the limit.
  const soft = softFileLimit();
  const filesPerRoom = data === null ? 0 : FILES_PER_ROOM;
  let maxConnections = options.maxConnections;
  if (!options.maxConnectionsSet && soft !== null)
    maxConnections = Math.min(maxConnections, fittingConnections(MAX_ROOMS, filesPerRoom, soft));
  const descriptors = options.maxConnectionsSet ? descriptorWarning(maxConnections, MAX_ROOMS, filesPerRoom, soft) : null;
  if (descriptors) console.warn(descriptors);
  let listeningPort = options.port;
  // The names the server answers to, for pages and WebSockets alike (a DNS-rebound name is refused).
  const hosts = serverNames([...originHosts(options.origins), ...listenName(options.host)]);
  const { server, use } = createHttpServer(
    rooms,
    () => ({ urls: lanAddresses(options.host).map((ip) => `http://${ip}:${listeningPort}/`) }),
    { hosts },
  );
  const wss = attachSequencer(server, rooms, {
    rateLimit: options.rateLimit,
    heartbeatMs: 30_000,
    shareUpgrades: options.dev,
    origins: options.origins,
    maxConnections,
    maxPerAddress: options.maxPerAddress,
    maxWatchers: options.maxWatchers,
    hosts,
  });
  setInterval(() => rooms.tick(), HEAD_INTERVAL_MS).unref();
  setInterval(() => rooms.pushBoards(), BOARD_INTERVAL_MS).unref();

  if (options.dev) {
    const { createServer } = await import("vite");
    const vite = await createServer({
      configFile: join(root, "vite.config.ts"),
      server: { middlewareMode: true, hmr: { server } },
      appType: "spa",
    });
    use(vite.middlewares);
  } else {
    await ensureBuilt(root, (line) => console.log(line));
    use(staticPages(join(root, "dist")));
  }

  server.on("error", (error: NodeJS.ErrnoException) => {
    const hint = error.code === "EADDRINUSE" ? ` (port ${options.port} is taken: try npm start -- --port ${options.port + 1})` : "";
    console.error(`ordercast: cannot listen: ${error.message}${hint}`);
    process.exit(1);
  });
  server.listen(options.port, options.host, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : options.port;
    listeningPort = port;
    console.log(`Ordercast sequencer${options.dev ? " (dev, hot reload)" : ""} is running.`);
    console.log(`  Open http://localhost:${port}/ in several tabs`);
    for (const ip of lanAddresses(options.host)) console.log(`  On your network: http://${ip}:${port}/`);
    console.log(`  WebSocket: ws://localhost:${port}/ws`);
    const faults = settings.loss || settings.dup ? `, loss ${settings.loss}, dup ${settings.dup}` : "";
    console.log(`  Network: delay ${settings.delay} ms + jitter 0..${settings.jitter} ms per message${faults}, seed ${seed}`);
    console.log(
      options.data === null
        ? "  Log: in memory only (--memory): a restart starts a new, empty log"
        : `  Log: ${join(data ?? "", DEFAULT_ROOM)} (seq ${room.lastSeq} so far, epoch ${room.epoch}); other rooms beside it`,
    );
    console.log(`  Board (for the teacher, with the key): http://localhost:${port}/board?key=${key}`);
    console.log(`  Presenter view, for the projector (keys: ?): http://localhost:${port}/board?key=${key}&view=present`);
    console.log(`  Teacher key: ${key}  (also: npm run -s net -- --key ${key} --loss 0.05)`);
    console.log(`  Other rooms: http://localhost:${port}/?room=NAME and /board?room=NAME&key=…`);
  });

  const stop = () => {
    console.log("Stopping.");
    for (const ws of wss.clients) ws.close(CloseCode.ServerStopping, "server stopping");
    server.close(() => process.exit(0));
    server.closeAllConnections();
    // Peers that never finish the closing handshake do not hold the exit up.
    setTimeout(() => process.exit(0), 1000).unref();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

/** A small hash of a room's name, to give each room its own random sequence from one seed. */
function hashName(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** A --host that names one address or name is a name the server answers to (IPv6 in brackets, as in a Host header). */
function listenName(host: string): string[] {
  if (host === "0.0.0.0" || host === "::") return [];
  return [host.includes(":") ? `[${host}]` : host];
}

function lanAddresses(host: string): string[] {
  if (host !== "0.0.0.0" && host !== "::") return host === "127.0.0.1" || host === "localhost" ? [] : [host];
  return Object.values(networkInterfaces())
    .flat()
    .filter((info) => info && info.family === "IPv4" && !info.internal)
    .map((info) => info?.address ?? "");
}

await main();
