/**
 * The sequencer server: `npm start`. One port serves the page and the
 * WebSocket (/ws). Run `npm start -- --help` for the flags.
 */
import { randomInt } from "node:crypto";
import { networkInterfaces } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { NetworkSettings } from "../shared/protocol.ts";
import { seededRandom } from "../shared/random.ts";
import { ensureBuilt } from "./build.ts";
import { createHttpServer, staticPages } from "./http.ts";
import { realScheduler } from "./netsim.ts";
import { parseServerOptions, type ServerOptions, USAGE, UsageError } from "./options.ts";
import { Room } from "./room.ts";
import { attachSequencer } from "./transport.ts";

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
  const settings: NetworkSettings = { delay: options.delay, jitter: options.jitter };
  const room = new Room({ settings: () => settings, scheduler: realScheduler, random: seededRandom(seed) });
  const { server, use } = createHttpServer(room);
  const wss = attachSequencer(server, room, { rateLimit: options.rateLimit, heartbeatMs: 30_000, shareUpgrades: options.dev });

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
    const hint = error.code === "EADDRINUSE" ? ` (port ${options.port} is taken: try --port ${options.port + 1})` : "";
    console.error(`ordercast: cannot listen: ${error.message}${hint}`);
    process.exit(1);
  });
  server.listen(options.port, options.host, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : options.port;
    console.log(`Ordercast sequencer${options.dev ? " (dev, hot reload)" : ""} is running.`);
    console.log(`  Open http://localhost:${port}/ in several tabs`);
    for (const ip of lanAddresses(options.host)) console.log(`  On your network: http://${ip}:${port}/`);
    console.log(`  WebSocket: ws://localhost:${port}/ws`);
    console.log(`  Network: delay ${settings.delay} ms + jitter 0..${settings.jitter} ms per message, seed ${seed}`);
  });

  const stop = () => {
    console.log("Stopping.");
    for (const ws of wss.clients) ws.close(1001, "server stopping");
    server.close(() => process.exit(0));
    server.closeAllConnections();
    // Peers that never finish the closing handshake do not hold the exit up.
    setTimeout(() => process.exit(0), 1000).unref();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

function lanAddresses(host: string): string[] {
  if (host !== "0.0.0.0" && host !== "::") return host === "127.0.0.1" || host === "localhost" ? [] : [host];
  return Object.values(networkInterfaces())
    .flat()
    .filter((info) => info && info.family === "IPv4" && !info.internal)
    .map((info) => info?.address ?? "");
}

await main();
