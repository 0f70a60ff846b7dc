/** The HTTP side on a real server on loopback: exports for the teacher only, streamed one at a time; headers on every answer. */
import { mkdtempSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { until } from "../shared/testing/wait.ts";
import { createHttpServer, staticPages } from "./http.ts";
import { Room } from "./room.ts";
import { Rooms } from "./rooms.ts";
import { TEST_KEY, testRoom } from "./testing/room.ts";
import { InMemoryWorker } from "./testing/worker.ts";
import { attachSequencer } from "./transport.ts";

let stop: () => Promise<void> = async () => {};
afterEach(() => stop());

async function serve(rooms: Rooms, options: { exportIdleMs?: number; pages?: string; hosts?: () => Iterable<string> } = {}) {
  const { server, use } = createHttpServer(rooms, undefined, options);
  if (options.pages) use(staticPages(options.pages));
  const wss = attachSequencer(server, rooms, { rateLimit: 0, heartbeatMs: 60_000, shareUpgrades: false, origins: [], maxConnections: 100 });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  stop = async () => {
    for (const ws of wss.clients) ws.terminate();
    wss.close();
    server.closeAllConnections();
    await new Promise((resolve) => (server as Server).close(resolve));
  };
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A room whose board watched one worker send two messages: something to export. */
function watchedRoom() {
  const { clock, room } = testRoom();
  room.board.watch({ send: () => {}, close: () => {} });
  const worker = new InMemoryWorker(room, clock.now, "w");
  worker.hello();
  worker.send("one");
  worker.send("two");
  clock.run();
  return room;
}

/** A GET whose answer is never read: the reader that stalls. */
function stalledGet(url: string, path: string) {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname, () => {
    socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}\r\nX-Ordercast-Key: ${TEST_KEY}\r\n\r\n`);
  });
  socket.pause();
  socket.on("error", () => {});
  return socket;
}

describe("/export", () => {
  it("needs the teacher key, as a header or ?key=; 403 without it", async () => {
    const url = await serve(Rooms.single(watchedRoom()));
    expect((await fetch(`${url}/export?room=default`)).status).toBe(403);
    expect((await fetch(`${url}/export?room=default&key=wrong`)).status).toBe(403);
    expect((await fetch(`${url}/export?room=default`, { headers: { "X-Ordercast-Key": "wrong" } })).status).toBe(403);
    const byQuery = await fetch(`${url}/export?room=default&key=${TEST_KEY}`);
    expect(byQuery.status).toBe(200);
    expect((await byQuery.text()).split("\n")[0]).toMatch(/"room":"default"/);
    const byHeader = await fetch(`${url}/export?room=DEFAULT&worker=1`, { headers: { "X-Ordercast-Key": TEST_KEY } });
    expect(byHeader.status).toBe(200);
    expect(await byHeader.text()).toMatch(/one/);
    expect((await fetch(`${url}/export?room=elsewhere&key=${TEST_KEY}`)).status).toBe(404);
  });

  it("streams as the reader drains, runs one at a time per room (429, Retry-After), and cuts off a reader that stalls", async () => {
    const room = watchedRoom();
    // 200 chunks of 1 MB: without backpressure all of them would sit in the server's memory at once.
    let pulled = 0;
    Object.assign(room.board, {
      *exportRun() {
        for (let i = 0; i < 200; i++) {
          pulled++;
          yield `${"x".repeat(1 << 20)}\n`;
        }
      },
    });
    const url = await serve(Rooms.single(room), { exportIdleMs: 500 });
    const stalled = stalledGet(url, "/export?room=default");
    await until(
      () => pulled > 0,
      () => "the export to start",
    );
    const second = await fetch(`${url}/export?room=default&key=${TEST_KEY}`);
    expect(second.status).toBe(429);
    expect(second.headers.get("retry-after")).toBe("5");
    expect(pulled).toBeLessThan(50);
    // The stalled reader is cut off after the idle time; the room's export slot is free again.
    await until(
      async () => (await fetch(`${url}/export?room=default&worker=1&key=${TEST_KEY}`)).status === 200,
      () => "the export slot to be free",
    );
    expect(pulled).toBeLessThan(50);
    stalled.destroy();
  });
});

describe("security headers", () => {
  const dist = mkdtempSync(join(tmpdir(), "ordercast-dist-"));
  writeFileSync(join(dist, "index.html"), "<!doctype html><title>tab</title>");
  writeFileSync(join(dist, "board.html"), "<!doctype html><title>board</title>");

  it("are on every answer; the board and non-pages may not be framed, the tab may", async () => {
    const url = await serve(Rooms.single(testRoom().room), { pages: dist });
    for (const path of ["/healthz", "/info", "/export", "/board", "/board.html?key=k", "/", "/?room=x", "/assets/none.js"]) {
      const response = await fetch(`${url}${path}`);
      expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(response.headers.get("referrer-policy"), path).toBe("no-referrer");
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp, path).toMatch(/default-src 'self'; script-src 'self'; /);
      expect(csp, path).toMatch(/img-src 'self' data:/);
      expect(csp, path).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:\d+ wss:\/\/127\.0\.0\.1:\d+/);
      // An unknown asset is a 404, not a page: not framed either.
      const framed = path === "/" || path.startsWith("/?");
      expect(csp.includes("frame-ancestors 'none'"), path).toBe(!framed);
      expect(response.headers.get("x-frame-options"), path).toBe(framed ? null : "DENY");
    }
    expect(await (await fetch(`${url}/board`)).text()).toMatch(/board/);
  });
});

describe("doubled slashes", () => {
  it("send the browser to the same address with one slash each, never to another host", async () => {
    const url = await serve(Rooms.single(testRoom().room));
    for (const [path, to] of [
      ["//board?view=present&key=k", "/board?view=present&key=k"],
      ["//?room=x", "/?room=x"],
      ["/board//", "/board/"],
      ["//evil.example/x", "/evil.example/x"],
      ["///healthz", "/healthz"],
    ]) {
      const response = await fetch(`${url}${path}`, { redirect: "manual" });
      expect(response.status, path).toBe(301);
      expect(response.headers.get("location"), path).toBe(to);
    }
    // A client that follows the redirect gets what it meant.
    const followed = await fetch(`${url}//healthz`);
    expect(followed.status).toBe(200);
    expect(((await followed.json()) as { ok: boolean }).ok).toBe(true);
  });
});

describe("the Host check", () => {
  it("answers pages and routes only under the names the server answers to (DNS rebinding)", async () => {
    const url = await serve(Rooms.single(testRoom().room), { hosts: () => ["127.0.0.1"] });
    const { port } = new URL(url);
    const get = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const socket = connect(Number(port), "127.0.0.1", () =>
          socket.write(`GET /healthz HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`),
        );
        let answer = "";
        socket.on("data", (chunk) => {
          answer += chunk.toString();
        });
        socket.on("end", () => resolve(Number(answer.split(" ")[1])));
        socket.on("error", reject);
      });
    expect(await get(`127.0.0.1:${port}`)).toBe(200);
    expect(await get(`localhost:${port}`)).toBe(200);
    expect(await get(`attacker.example:${port}`)).toBe(403);
  });
});

describe("a room that cannot open its log", () => {
  it("is refused with 503 while the server stays up and other rooms work", async () => {
    const rooms = new Rooms((name) => {
      if (name === "broken") throw Object.assign(new Error("EMFILE: too many open files"), { code: "EMFILE" });
      return testRoom().room;
    });
    const url = await serve(rooms);
    const ws = (room: string) => new WebSocket(`${url.replace("http", "ws")}/ws?room=${room}`);
    const refused = ws("broken");
    await expect(new Promise((resolve, reject) => refused.once("open", resolve).once("error", reject))).rejects.toThrow(/503/);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const fine = ws("Fine");
    await new Promise((resolve) => fine.once("open", resolve));
    expect(rooms.find("fine")).toBeInstanceOf(Room);
    fine.close();
  });
});
