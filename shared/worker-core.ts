/**
 * One worker's state machine: it numbers its sends, passes stamped messages
 * through the hold-back queue, and records every event. The browser tab and the
 * CLI worker both drive this one class, so they behave identically. Pure: the
 * clock is passed in; it never does I/O.
 */
import { OrderDigest } from "./digest.ts";
import { HoldBackQueue } from "./holdback.ts";
import type { Send, Stamped, Welcome } from "./protocol.ts";
import { deliveredLine, processIdLine, queuedLine, sentLine } from "./seed-format.ts";

/** A stamped message as the worker keeps it. */
export type StampedMessage = Omit<Stamped, "type">;

/** One entry of the worker's event log. `time` is the worker's clock. */
export type WorkerEvent =
  | { readonly kind: "joined"; readonly workerId: number; readonly time: number }
  | { readonly kind: "sent"; readonly n: number; readonly data: string; readonly time: number }
  | { readonly kind: "queued"; readonly message: StampedMessage; readonly waitingFor: number; readonly time: number }
  | { readonly kind: "delivered"; readonly message: StampedMessage; readonly time: number }
  | { readonly kind: "duplicate"; readonly message: StampedMessage; readonly time: number };

export class WorkerCore {
  private readonly queue: HoldBackQueue<StampedMessage>;
  private readonly log: WorkerEvent[] = [];
  private readonly deliveredMessages: StampedMessage[] = [];
  private readonly digest = new OrderDigest();
  private readonly pendingOwn = new Set<number>();
  private id: number | null = null;
  // Every id this worker has had: a reconnect brings a new one.
  private readonly ids = new Set<number>();
  private lastSendNumber = 0;
  private caughtUpThrough = 0;

  constructor(private readonly now: () => number) {
    this.queue = new HoldBackQueue<StampedMessage>();
  }

  /** The seq of the last delivered message (0 before any): where a reconnect resumes. */
  get lastDelivered(): number {
    return this.queue.lastDelivered;
  }

  /** Takes the sequencer's welcome: from now on this worker has an id (a new one after each reconnect). */
  join(welcome: Welcome): WorkerEvent {
    this.id = welcome.workerId;
    this.ids.add(welcome.workerId);
    this.caughtUpThrough = Math.max(this.caughtUpThrough, welcome.historyThrough);
    const event: WorkerEvent = { kind: "joined", workerId: welcome.workerId, time: this.now() };
    this.log.push(event);
    return event;
  }

  /** The worker id the sequencer gave, or null before the welcome. */
  get workerId(): number | null {
    return this.id;
  }

  /** Whether a worker id is (or was) this worker's own. */
  isOwn(workerId: number): boolean {
    return this.ids.has(workerId);
  }

  /** Seqs up to this one are history the worker is catching up on. */
  get historyThrough(): number {
    return this.caughtUpThrough;
  }

  /** Records a send and returns the message to put on the wire. */
  send(data: string): Send {
    const n = ++this.lastSendNumber;
    this.pendingOwn.add(n);
    this.log.push({ kind: "sent", n, data, time: this.now() });
    return { type: "send", n, data };
  }

  /** The sequencer refused send `n` (an `error` with ref n): it will never be delivered. */
  refused(n: number): void {
    this.pendingOwn.delete(n);
  }

  /**
   * Takes one stamped message from the sequencer and returns the events it
   * caused, in order: a queued or duplicate event, or one delivered event for it
   * and each held successor it unblocked.
   */
  receive(stamped: Stamped): WorkerEvent[] {
    const { type: _, ...message } = stamped;
    const time = this.now();
    const outcome = this.queue.receive(message);
    let events: WorkerEvent[];
    if (outcome.kind === "duplicate") {
      events = [{ kind: "duplicate", message, time }];
    } else if (outcome.kind === "queued") {
      events = [{ kind: "queued", message, waitingFor: outcome.waitingFor, time }];
    } else {
      events = outcome.deliverable.map((m) => {
        this.deliveredMessages.push(m);
        this.digest.add(m.seq, m.data);
        if (this.ids.has(m.from)) this.pendingOwn.delete(m.n);
        return { kind: "delivered", message: m, time } as const;
      });
    }
    this.log.push(...events);
    return events;
  }

  /** Every event so far, oldest first. */
  get events(): readonly WorkerEvent[] {
    return this.log;
  }

  /** The delivered messages, in delivery (= seq) order. */
  get delivered(): readonly StampedMessage[] {
    return this.deliveredMessages;
  }

  /** The held-back messages, lowest seq first. */
  held(): StampedMessage[] {
    return this.queue.heldMessages();
  }

  /** The seq the hold-back queue waits for. */
  get nextExpected(): number {
    return this.queue.nextExpected;
  }

  /** The order digest of everything delivered (see digest.ts). */
  get orderDigest(): string {
    return this.digest.value;
  }

  /** How many of this worker's own sends are not yet delivered back to it. */
  get ownPending(): number {
    return this.pendingOwn.size;
  }

  /** The log in the seed's format, one line per event, each ending in "\n". */
  seedLog(): string {
    let text = "";
    for (const event of this.log) {
      const line = seedLine(event);
      if (line !== null) text += `${line}\n`;
    }
    return text;
  }
}

/** An event as a line of the seed's format; duplicates have none. */
export function seedLine(event: WorkerEvent): string | null {
  switch (event.kind) {
    case "joined":
      return processIdLine(event.workerId);
    case "sent":
      return sentLine(event.data);
    case "queued":
      return queuedLine(event.message.seq, event.message.data);
    case "delivered":
      return deliveredLine(event.message.seq, event.message.data);
    case "duplicate":
      return null;
  }
}
