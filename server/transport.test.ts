/** The ws edge, with a real HTTP server and real WebSocket clients on loopback. */
import { once } from "node:events";
import { connect } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { ErrorCode, MAX_PAYLOAD_BYTES, type ServerMessage } from "../shared/protocol.ts";
import { until } from "../shared/testing/wait.ts";
import type { Room } from "./room.ts";
import { startInProcess } from "./testing/in-process.ts";

let port = 0;
let room: Room;
let close: () => Promise<void>;

beforeEach(async () => {
  const server = await startInProcess({ transport: { maxConnections: 3, helloTimeoutMs: 300 } });
  port = server.port;
  room = server.room;
  close = () => server.stop();
});
afterEach(() => close());

/** A client that collects parsed messages and can wait for a condition on them. */
async function client(path = "/ws") {
  const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`);
  const messages: ServerMessage[] = [];
  ws.on("message", (data) => messages.push(JSON.parse(data.toString())));
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  return { ws, messages, until };
}

describe("transport", () => {
  it("serves the protocol on /ws and stamps a send for both connections", async () => {
    const a = await client();
    const b = await client();
    a.ws.send('{"type":"hello","version":1}');
    b.ws.send('{"type":"hello","version":1}');
    await b.until(() => b.messages.length === 1, "b's welcome");
    a.ws.send('{"type":"send","n":1,"data":"over the wire"}');
    await a.until(() => a.messages.some((m) => m.type === "ack"), "the ack of a's send");
    await b.until(() => b.messages.length === 2, "a's send stamped at b");
    expect(b.messages[1]).toMatchObject({ type: "stamped", seq: 1, from: 1, data: "over the wire" });
    expect(a.messages.filter((m) => m.type !== "welcome")).toEqual([
      expect.objectContaining({ type: "stamped", seq: 1 }),
      { type: "ack", n: 1 },
    ]);
  });

  it("answers a binary frame with BINARY_FRAME and stays open", async () => {
    const a = await client();
    a.ws.send(Buffer.from([1, 2, 3]));
    await a.until(() => a.messages.length === 1, "the answer to the binary frame");
    expect(a.messages[0]).toMatchObject({ type: "error", code: ErrorCode.BinaryFrame });
    a.ws.send('{"type":"hello","version":1}');
    await a.until(() => a.messages.length === 2, "the welcome after the binary frame");
    expect(a.messages[1]).toMatchObject({ type: "welcome" });
  });

  it("closes with 1009 on a frame over the payload limit", async () => {
    const a = await client();
    const closed = new Promise<number>((resolve) => a.ws.once("close", resolve));
    a.ws.send("x".repeat(MAX_PAYLOAD_BYTES + 1));
    expect(await closed).toBe(1009);
  });

  it("cuts off a worker that stops reading once 8 MiB wait for it, and keeps serving the others", async () => {
    // A worker whose process stops reading: a raw socket that upgrades, says hello, and reads no more.
    const silent = connect(port, "127.0.0.1");
    await once(silent, "connect");
    silent.write(
      "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
    );
    const hello = Buffer.from('{"type":"hello","version":1,"cid":"silent"}');
    // A masked text frame (a zero mask leaves the payload as it is).
    silent.write(Buffer.concat([Buffer.from([0x81, 0x80 | hello.length, 0, 0, 0, 0]), hello]));
    const sender = await client();
    sender.ws.send('{"type":"hello","version":1,"cid":"sender"}');
    await sender.until(() => sender.messages.length === 1 && room.size === 2, "the sender's welcome, with the silent worker in the room");
    const data = "x".repeat(1000);
    let n = 0;
    const acked = () => sender.messages.filter((m) => m.type === "ack").length;
    while (room.size === 2 && n < 50_000) {
      for (let i = 0; i < 100; i++) sender.ws.send(`{"type":"send","n":${++n},"data":"${data}"}`);
      await sender.until(() => acked() >= n, `the ack of send ${n}`);
    }
    expect(room.size).toBe(1);
    expect(n * data.length).toBeGreaterThan(8 << 20);
    // The server let go of the connection: reading again, the worker finds it closed.
    silent.resume();
    await once(silent, "close");
    sender.ws.send(`{"type":"send","n":${n + 1},"data":"still served"}`);
    await sender.until(
      () => sender.messages.some((m) => m.type === "stamped" && m.data === "still served"),
      "the send after the cut-off, stamped",
    );
  });

  it("refuses upgrades on other paths", async () => {
    await expect(client("/other")).rejects.toThrow(/404/);
  });

  it("closes a connection that never says hello (4005)", async () => {
    const a = await client();
    const code = await new Promise<number>((resolve) => a.ws.once("close", resolve));
    expect(code).toBe(4005);
  });

  it("refuses connections past the cap with 503", async () => {
    const open = [await client(), await client(), await client()];
    await expect(client()).rejects.toThrow(/503/);
    for (const c of open) c.ws.close();
  });

  it("refuses a page from another site, and lets the page's own origin in", async () => {
    const foreign = new WebSocket(`ws://127.0.0.1:${port}/ws`, { origin: "https://elsewhere.example" });
    await expect(new Promise((resolve, reject) => foreign.once("open", resolve).once("error", reject))).rejects.toThrow(/403/);
    const own = new WebSocket(`ws://127.0.0.1:${port}/ws`, { origin: `http://127.0.0.1:${port}` });
    await new Promise((resolve) => own.once("open", resolve));
    own.close();
  });

  it("reports health over plain HTTP", async () => {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(await response.json()).toEqual({ ok: true, rooms: 1, room: "default", workers: 0, lastSeq: 0 });
  });
});

describe("odd request targets", () => {
  it("answer over HTTP and upgrade without bringing the server down", async () => {
    const { connect } = await import("node:net");
    for (const target of ["//[x", "http://a:99999/", "/ws?x=%%"]) {
      const reply = await new Promise<string>((resolve) => {
        const socket = connect(port, "127.0.0.1", () => {
          socket.write(`GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
        });
        let text = "";
        socket.on("data", (chunk) => {
          text += chunk.toString();
        });
        socket.on("close", () => resolve(text));
      });
      expect(reply).toMatch(/^HTTP\/1\.1 \d{3}/);
    }
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
  });
});

describe("limits at the edge", () => {
  const servers: Array<{ stop(): Promise<void> }> = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.stop();
  });

  async function serve(options: Parameters<typeof startInProcess>[0]) {
    const server = await startInProcess(options);
    servers.push(server);
    return server;
  }

  function open(url: string, options: ConstructorParameters<typeof WebSocket>[2] = {}) {
    const ws = new WebSocket(url, options);
    const messages: ServerMessage[] = [];
    ws.on("message", (data) => messages.push(JSON.parse(data.toString())));
    const opened = new Promise<void>((resolve, reject) => ws.once("open", resolve).once("error", reject));
    return { ws, messages, opened };
  }

  /** Sends an upgrade request by hand and returns the status line of the answer. */
  async function statusOf(at: number, headers: Record<string, string>): Promise<string> {
    const socket = connect(at, "127.0.0.1");
    await once(socket, "connect");
    const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
    socket.write(
      `GET /ws HTTP/1.1\r\n${lines.join("")}Upgrade: websocket\r\nConnection: Upgrade\r\n` +
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
    );
    const [chunk] = await once(socket, "data");
    socket.destroy();
    return String(chunk).split("\r\n")[0] ?? "";
  }

  it("counts sockets still sending their headers against the cap, and closes them after the header timeout", async () => {
    const server = await serve({ transport: { maxConnections: 3, headersTimeoutMs: 400 } });
    const slow = await Promise.all(
      [1, 2, 3].map(async () => {
        const socket = connect(server.port, "127.0.0.1");
        socket.on("error", () => {});
        await once(socket, "connect");
        socket.write("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        return socket;
      }),
    );
    await expect(open(server.url).opened).rejects.toThrow(/503/);
    const started = Date.now();
    await Promise.all(slow.map((socket) => once(socket, "close")));
    expect(Date.now() - started).toBeLessThan(5000);
    const later = open(server.url);
    await later.opened;
    later.ws.close();
  });

  it("refuses more connections than --max-per-address from one address with 429", async () => {
    const server = await serve({ transport: { maxPerAddress: 2, perAddressExempt: () => false } });
    const first = [open(server.url), open(server.url)];
    await Promise.all(first.map((c) => c.opened));
    await expect(open(server.url).opened).rejects.toThrow(/429/);
    for (const c of first) c.ws.close();
  });

  it("lets keyless boards watch up to their own cap, and frees a slot when one leaves", async () => {
    const server = await serve({ transport: { maxWatchers: 2 } });
    const boards = [open(server.url), open(server.url), open(server.url)];
    for (const board of boards) {
      await board.opened;
      board.ws.send('{"type":"watch","version":1}');
      await until(() => board.messages.length > 0, "the answer to watch");
    }
    expect(boards.map((b) => b.messages[0]?.type)).toEqual(["board", "board", "error"]);
    expect(boards[2]?.messages[0]).toMatchObject({ code: ErrorCode.RateLimited });
    boards[0]?.ws.close();
    await until(() => boards[0]?.ws.readyState === WebSocket.CLOSED, "the first board closed");
    const next = open(server.url);
    await next.opened;
    next.ws.send('{"type":"watch","version":1}');
    await until(() => next.messages.length > 0, "the answer to the next watch");
    expect(next.messages[0]?.type).toBe("board");
    for (const c of [...boards, next]) c.ws.close();
  });

  it("limits wrong teacher keys per address, the right key and new connections included", async () => {
    const server = await serve({ teacherKey: "the-right-key" });
    const guesser = open(server.url);
    await guesser.opened;
    for (let i = 0; i < 12; i++) guesser.ws.send(`{"type":"reset","key":"guess-${i}"}`);
    await until(() => guesser.messages.length === 12, "twelve answers");
    const codes = guesser.messages.map((m) => (m.type === "error" ? m.code : m.type));
    expect(codes).toEqual([...Array(10).fill(ErrorCode.KeyRequired), ErrorCode.RateLimited, ErrorCode.RateLimited]);
    const other = open(server.url);
    await other.opened;
    other.ws.send('{"type":"reset","key":"the-right-key"}');
    await until(() => other.messages.length === 1, "the answer to the right key");
    expect(other.messages[0]).toMatchObject({ type: "error", code: ErrorCode.RateLimited });
    guesser.ws.close();
    other.ws.close();
  });

  it("refuses a browser that reaches the server by another name (DNS rebinding), and lets its own names in", async () => {
    const server = await serve({});
    const at = server.port;
    expect(await statusOf(at, { Host: `attacker.example:${at}`, Origin: `http://attacker.example:${at}` })).toMatch(/403/);
    expect(await statusOf(at, { Host: `127.0.0.1:${at}`, Origin: `http://127.0.0.1:${at}` })).toMatch(/101/);
    expect(await statusOf(at, { Host: `localhost:${at}`, Origin: `http://localhost:${at}` })).toMatch(/101/);
    // Not a browser: no Origin, and any Host it likes.
    expect(await statusOf(at, { Host: `some-name.example:${at}` })).toMatch(/101/);
  });

  it("takes the names of --origin as names of the server", async () => {
    const server = await serve({ transport: { origins: ["http://class.example:8080"] } });
    const at = server.port;
    expect(await statusOf(at, { Host: "class.example:8080", Origin: "http://class.example:8080" })).toMatch(/101/);
  });
});
