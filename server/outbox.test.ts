import type { Duplex } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as wsModule from "ws";
import { WebSocket, WebSocketServer } from "ws";
import { until } from "../shared/testing/wait.ts";
import { FlightControl } from "./flights.ts";
import { Outbox } from "./outbox.ts";
import { VirtualClock } from "./testing/virtual-clock.ts";

/** A real ws server on port 0 and `count` clients; for each, the server's socket, what it got, and its writes. */
async function connected(count: number) {
  const wss = new WebSocketServer({ port: 0, perMessageDeflate: false });
  await new Promise<void>((resolve) => wss.once("listening", resolve));
  const port = (wss.address() as { port: number }).port;
  const accepted: WebSocket[] = [];
  wss.on("connection", (ws) => accepted.push(ws));
  const clients = Array.from({ length: count }, () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}`);
    const got: string[] = [];
    ws.on("message", (data) => got.push(data.toString()));
    ws.on("error", () => {});
    return { ws, got };
  });
  await until(() => accepted.length === count && clients.every((c) => c.ws.readyState === WebSocket.OPEN), "clients to connect");
  const workers = accepted.map((ws) => {
    // One corked write (cork, the frames, uncork) is one writev on the socket: count them.
    const socket = (ws as unknown as { _socket: Duplex })._socket;
    const counted = { ws, writes: 0 };
    const cork = socket.cork.bind(socket);
    socket.cork = () => {
      counted.writes++;
      cork();
    };
    return counted;
  });
  return { wss, clients, workers };
}

let close: (() => void) | null = null;
afterEach(() => close?.());

describe("Outbox with the flight table's wheel", () => {
  it("writes what lands on one worker in one tick as one write, in landing order", async () => {
    const { wss, clients, workers } = await connected(2);
    close = () => {
      for (const c of clients) c.ws.terminate();
      wss.close();
    };
    const clock = new VirtualClock();
    const flights = new FlightControl(clock, 5);
    const outbox = new Outbox();
    const links = workers.map((w) => flights.attach({ land: (text) => outbox.send(w.ws, text as string) }));
    const label = { direction: "down", workerId: 1, kind: "stamped", number: 1 } as const;
    // Tick 1 (0–5 ms): three messages to worker 0, two to worker 1, launched out of due order.
    flights.launch(label, 4, links[0] ?? 0, "a3");
    flights.launch(label, 1, links[0] ?? 0, "a1");
    flights.launch(label, 2, links[1] ?? 0, "b1");
    flights.launch(label, 3, links[0] ?? 0, "a2");
    flights.launch(label, 3.5, links[1] ?? 0, "b2");
    // Tick 2 (5–10 ms): one more each.
    flights.launch(label, 7, links[0] ?? 0, "a4");
    flights.launch(label, 6, links[1] ?? 0, "b3");

    clock.runUntil(() => false, 5);
    await until(() => clients[0]?.got.length === 3 && clients[1]?.got.length === 2, "the first tick to arrive");
    expect(workers.map((w) => w.writes)).toEqual([1, 1]);

    clock.runUntil(() => false, 10);
    await until(() => clients[0]?.got.length === 4 && clients[1]?.got.length === 3, "the second tick to arrive");
    expect(workers.map((w) => w.writes)).toEqual([2, 2]);
    expect(clients.map((c) => c.got)).toEqual([
      ["a1", "a2", "a3", "a4"],
      ["b1", "b2", "b3"],
    ]);
  });
});

describe("Outbox framing", () => {
  it("frames a text once, though it reaches its workers in different turns (ticks of the network)", async () => {
    const { wss, clients, workers } = await connected(2);
    close = () => {
      for (const c of clients) c.ws.terminate();
      wss.close();
    };
    const Sender = (wsModule as unknown as { Sender: { frame: (...args: unknown[]) => Buffer[] } }).Sender;
    const framing = vi.spyOn(Sender, "frame");
    const outbox = new Outbox();
    const [first, second] = workers;
    if (!first || !second) throw new Error("two workers expected");
    outbox.send(first.ws, "one");
    outbox.send(first.ws, "two");
    await until(() => clients[0]?.got.length === 2, "the first turn to arrive");
    outbox.send(second.ws, "one");
    outbox.send(second.ws, "two");
    await until(() => clients[1]?.got.length === 2, "the second turn to arrive");
    expect(framing).toHaveBeenCalledTimes(2);
    expect(clients.map((c) => c.got)).toEqual([
      ["one", "two"],
      ["one", "two"],
    ]);
    framing.mockRestore();
  });
});
