/**
 * The real server parts (room, HTTP, ws transport) in the test's own process,
 * on loopback: for tests that need real sockets but not a child process.
 */
import type { AddressInfo } from "node:net";
import type { NetworkSettings } from "../../shared/protocol.ts";
import { seededRandom } from "../../shared/random.ts";
import { realClock } from "../clock.ts";
import { createHttpServer } from "../http.ts";
import { MemoryLog } from "../log.ts";
import { DIRECT } from "../netsim.ts";
import { Room } from "../room.ts";
import { Rooms } from "../rooms.ts";
import { attachSequencer, type TransportOptions } from "../transport.ts";

export interface InProcessServer {
  readonly room: Room;
  readonly port: number;
  /** The WebSocket address. */
  readonly url: string;
  stop(): Promise<void>;
}

export async function startInProcess(
  options: {
    settings?: NetworkSettings;
    teacherKey?: string | null;
    seed?: number;
    port?: number;
    transport?: Partial<TransportOptions>;
  } = {},
): Promise<InProcessServer> {
  const random = seededRandom(options.seed ?? 1);
  // The log's epoch must differ between servers of one test (a restart is a new epoch).
  const log = new MemoryLog(seededRandom(Date.now() ^ (options.port ?? 0)));
  const room = new Room({
    settings: options.settings ?? DIRECT,
    clock: realClock,
    random,
    log,
    teacherKey: options.teacherKey ?? null,
  });
  const rooms = Rooms.single(room);
  const { server } = createHttpServer(rooms);
  const wss = attachSequencer(server, rooms, {
    rateLimit: 0,
    heartbeatMs: 60_000,
    shareUpgrades: false,
    origins: [],
    maxConnections: 1000,
    ...options.transport,
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    room,
    port,
    url: `ws://127.0.0.1:${port}/ws`,
    async stop() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
