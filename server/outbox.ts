/**
 * The fan-out's fast path. A stamped message goes to every worker as the
 * same bytes (server frames are not masked), so it is framed once; and all
 * that one event-loop turn sends to a worker leaves in one write (cork, the
 * frames, uncork: one writev). Compared with one ws.send per message per
 * worker, this saves the framing and most system calls.
 */
import type { Duplex } from "node:stream";
import * as wsModule from "ws";
import { WebSocket } from "ws";

/** ws's frame maker (exported by ws, though not in its type declarations). */
const Sender = (wsModule as unknown as { Sender: { frame(data: Buffer, options: Record<string, boolean | number>): Buffer[] } }).Sender;

/** Frames kept per generation of the cache (two generations: a few MB at most). */
const FRAMES_KEPT = 4096;

/** Texts longer than this are framed each time, not kept. */
const FRAME_KEPT_CHARS = 4096;

/** One worker's frames for this turn; kept and reused from turn to turn (no allocation per turn). */
interface Pending {
  readonly ws: WebSocket;
  readonly frames: Buffer[];
  bytes: number;
  queued: boolean;
}

export class Outbox {
  private readonly entries = new WeakMap<WebSocket, Pending>();
  // The entries with frames this turn.
  private readonly queued: Pending[] = [];
  // Frames made lately, by text: a message sent to fifty workers is framed once, and so is one
  // that reaches 300 workers tick by tick over a second of simulated jitter. Two generations:
  // when the newer is full, the older goes.
  private framed = new Map<string, Buffer>();
  private older = new Map<string, Buffer>();
  private scheduled = false;
  private flushing = false;

  private frame(text: string): Buffer {
    const kept = this.framed.get(text);
    if (kept) return kept;
    let frame = this.older.get(text);
    if (!frame) {
      const parts = Sender.frame(Buffer.from(text), { fin: true, rsv1: false, opcode: 1, mask: false, readOnly: false });
      frame = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
    }
    // A board's picture (up to megabytes, different every time) is not worth keeping.
    if (text.length > FRAME_KEPT_CHARS) return frame;
    if (this.framed.size >= FRAMES_KEPT) {
      this.older = this.framed;
      this.framed = new Map();
    }
    this.framed.set(text, frame);
    return frame;
  }

  send(ws: WebSocket, text: string): void {
    const frame = this.frame(text);
    let entry = this.entries.get(ws);
    if (!entry) {
      entry = { ws, frames: [], bytes: 0, queued: false };
      this.entries.set(ws, entry);
    }
    if (!entry.queued) {
      entry.queued = true;
      this.queued.push(entry);
    }
    entry.frames.push(frame);
    entry.bytes += frame.length;
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Bytes waiting for this worker in the outbox (not yet handed to its socket). */
  waiting(ws: WebSocket): number {
    return this.entries.get(ws)?.bytes ?? 0;
  }

  flush(): void {
    // A flush from inside a flush (a socket event closing a connection) would write frames twice.
    if (this.flushing) return;
    this.flushing = true;
    this.scheduled = false;
    try {
      for (const entry of this.queued) {
        const { ws, frames } = entry;
        if (ws.readyState === WebSocket.OPEN) {
          // ws keeps its socket private; writing frames to it directly is what its own Sender does.
          const socket = (ws as unknown as { _socket: Duplex })._socket;
          socket.cork();
          for (const frame of frames) socket.write(frame);
          socket.uncork();
        }
        frames.length = 0;
        entry.bytes = 0;
        entry.queued = false;
      }
    } finally {
      // Should a write throw, no entry is left marked as queued outside the list.
      for (const entry of this.queued) {
        entry.frames.length = 0;
        entry.bytes = 0;
        entry.queued = false;
      }
      this.queued.length = 0;
      this.flushing = false;
    }
  }
}
