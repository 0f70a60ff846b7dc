/**
 * One worker's state machine: it numbers its sends and keeps them until the
 * sequencer acknowledges them, passes stamped messages through the delivery
 * policy of its ordering mode (ordering/), notices missing seqs and asks for
 * them again (NACK) when the mode repairs gaps, measures the round trip for
 * its timeouts, and records every event. The browser tab and the CLI worker
 * both drive this one class, so they behave identically. Pure: the clock is
 * passed in; no I/O, no timers.
 */
import { OrderDigest } from "./digest.ts";
import { ordering } from "./ordering/modes.ts";
import type { DeliveryPolicy } from "./ordering/policy.ts";
import { OwnSends } from "./own-sends.ts";
import { type Ack, type Batch, MAX_NACK_RANGE, type Nack, type OrderingMode, type Send, type Stamped, type Welcome } from "./protocol.ts";
import { retained, type StampedMessage, seedLogOf, type WorkerCoreOptions, type WorkerEvent } from "./worker-events.ts";

export { type StampedMessage, seedLine, type WorkerCoreOptions, type WorkerEvent } from "./worker-events.ts";

export class WorkerCore {
  private policy: DeliveryPolicy<StampedMessage> = ordering("total").create();
  private readonly log: WorkerEvent[] | null;
  private readonly deliveredMessages: StampedMessage[] | null;
  private readonly digest = new OrderDigest();
  // Deliveries are hashed when the digest is read (a CLI worker never reads it): this many so far.
  private digested = 0;
  private readonly own = new OwnSends();
  // Every id this worker has had (stable per cid, but a fresh cid brings a fresh id).
  private readonly ids = new Set<number>();
  private id: number | null = null;
  private epochName: string | null = null;
  private caughtUpThrough = 0;
  private highestSeen = 0;
  // Since when the first missing seq has been known to be missing.
  private gapSince: number | null = null;
  private lastNackAt = Number.NEGATIVE_INFINITY;
  private readonly nacked = new Set<number>();
  /** The measured round trip of sends, for the resend and NACK timeouts. */
  readonly roundTrip = this.own.roundTrip;

  constructor(
    private readonly now: () => number,
    { retain = true }: WorkerCoreOptions = {},
  ) {
    this.log = retain ? [] : null;
    this.deliveredMessages = retain ? [] : null;
  }

  /** Takes the sequencer's welcome: the worker id, the epoch, and which sends are already stamped. */
  join(welcome: Welcome): WorkerEvent {
    this.id = welcome.workerId;
    this.ids.add(welcome.workerId);
    this.epochName = welcome.epoch;
    // A new mode comes with a new epoch, and so with a fresh core: this only sets the first one.
    if (welcome.mode !== this.mode) this.policy = ordering(welcome.mode).create();
    this.caughtUpThrough = Math.max(this.caughtUpThrough, welcome.historyThrough);
    this.highestSeen = Math.max(this.highestSeen, welcome.historyThrough);
    this.own.joined(welcome.lastN);
    const event: WorkerEvent = { kind: "joined", workerId: welcome.workerId, time: this.now() };
    this.log?.push(event);
    return event;
  }

  /** Records a send and returns the message to put on the wire; its event is added to `events` too. */
  send(data: string, events: WorkerEvent[] = []): Send {
    const time = this.now();
    const n = this.own.add(data, time);
    this.record({ kind: "sent", n, data, time }, events);
    return { type: "send", n, data };
  }

  /** The sequencer has stamped every send up to `ack.n`. */
  ack(ack: Ack): void {
    this.own.acked(ack.n, this.now());
  }

  /** How long an unacknowledged send waits before it goes again: measured, never below `floorMs`. */
  resendAfter(floorMs: number): number {
    return this.roundTrip.resendAfter(floorMs);
  }

  /** How long a gap waits before it is NACKed: measured, never below `floorMs`. */
  nackAfter(floorMs: number): number {
    return this.roundTrip.nackAfter(floorMs);
  }

  /** The network held what is unacknowledged now (a pause): its acks measure no round trip. */
  unmeasurable(): void {
    this.own.unmeasurable();
  }

  /**
   * Sends not acknowledged within `timeoutMs` of their last sending, to send again; with `timeoutMs` 0,
   * every unacknowledged send (after a reconnect). The sequencer recognises a resend by its number and
   * never stamps it twice. A timeout that fires backs the resend timeout off (round-trip.ts). Their
   * events are added to `events` too.
   */
  resendsDue(timeoutMs: number, events: WorkerEvent[] = []): Send[] {
    const time = this.now();
    return this.own.due(timeoutMs, time).map(({ n, data }) => {
      this.record({ kind: "resent", n, data, time }, events);
      return { type: "send", n, data };
    });
  }

  /**
   * Takes one stamped message and returns the events it caused, in order: a
   * queued or duplicate event, or a delivered event for it and each held
   * message its arrival released.
   */
  receive(stamped: Stamped): WorkerEvent[] {
    const { type: _, ...message } = stamped;
    const time = this.now();
    return this.settle(this.arrive(message, time, []), time);
  }

  /**
   * Takes a checked `batch` (catch-up or live run) whole, each record as `receive` takes
   * one, duplicates and gaps alike; returns the events of all of them, in order.
   */
  receiveBatch(batch: Batch): WorkerEvent[] {
    const { first, from, n, data, time: steps } = batch;
    const time = this.now();
    const events: WorkerEvent[] = [];
    for (let i = 0, stamp = 0; i < from.length; i++) {
      stamp += steps[i] as number;
      this.arrive({ seq: first + i, from: from[i] as number, n: n[i] as number, data: data[i] as string, time: stamp }, time, events);
    }
    return this.settle(events, time);
  }

  private arrive(message: StampedMessage, time: number, events: WorkerEvent[]): WorkerEvent[] {
    this.highestSeen = Math.max(this.highestSeen, message.seq);
    // Our own send stamped answers it as its ack does (and usually comes first).
    if (this.ids.has(message.from)) this.own.answered(message.n, time);
    const outcome = this.policy.receive(message);
    if (outcome.kind === "duplicate") events.push({ kind: "duplicate", message, time });
    else if (outcome.kind === "queued") {
      events.push({ kind: "queued", message, waitingFor: outcome.waitingFor, repaired: this.nacked.has(message.seq), time });
    } else {
      for (const m of outcome.deliverable) events.push(this.deliver(m, time));
      this.gapSince = null;
    }
    return events;
  }

  private settle(events: WorkerEvent[], time: number): WorkerEvent[] {
    this.noticeGap(time);
    if (this.log) for (const event of events) this.log.push(event);
    return events;
  }

  private record(event: WorkerEvent, events: WorkerEvent[]): void {
    this.log?.push(event);
    events.push(event);
  }

  private deliver(m: StampedMessage, time: number): WorkerEvent {
    this.deliveredMessages?.push(m);
    if (this.ids.has(m.from)) this.own.delivered(m.n);
    return { kind: "delivered", message: m, repaired: this.nacked.delete(m.seq), time };
  }

  /** The ordering mode this worker delivers by. */
  get mode(): OrderingMode {
    return this.policy.ordering.mode;
  }

  /** The delivery policy of that mode: what it holds back and why. */
  get delivery(): DeliveryPolicy<StampedMessage> {
    return this.policy;
  }

  /** The sequencer's newest seq (a `head` message): a gap may show only this way. */
  head(seq: number): void {
    this.highestSeen = Math.max(this.highestSeen, seq);
    this.noticeGap(this.now());
  }

  /**
   * The NACKs to send now, in a mode that repairs gaps: the runs of seqs not
   * had between the first missing seq and the newest seen, once the first has been missing for `timeoutMs`, and
   * again every `timeoutMs` while it stays missing. History the sequencer is
   * still replaying is not asked for. Their events are added to `events` too.
   */
  nacksDue(timeoutMs: number, events: WorkerEvent[] = []): Nack[] {
    const time = this.now();
    if (!this.policy.ordering.repairsGaps) return [];
    if (this.gapSince === null || time - this.gapSince < timeoutMs || time - this.lastNackAt < timeoutMs) return [];
    const nacks: Nack[] = [];
    let budget = MAX_NACK_RANGE;
    // Runs of seqs the policy has not had; any policy, whatever order it delivers in, answers `has`.
    for (let seq = Math.max(this.policy.firstMissing, this.caughtUpThrough + 1); budget > 0 && seq <= this.highestSeen; seq++) {
      if (this.policy.has(seq)) continue;
      const from = seq;
      while (seq < this.highestSeen && seq - from + 1 < budget && !this.policy.has(seq + 1)) seq++;
      nacks.push({ type: "nack", from, to: seq });
      for (let asked = from; asked <= seq; asked++) this.nacked.add(asked);
      budget -= seq - from + 1;
      this.record({ kind: "nack", from, to: seq, time }, events);
    }
    if (nacks.length) this.lastNackAt = time;
    return nacks;
  }

  /** The seqs known to exist that have not arrived (neither delivered nor held), the first `limit` of them after `after`. */
  missing(limit = 100, after = 0): number[] {
    const seqs: number[] = [];
    for (let seq = Math.max(this.policy.firstMissing, after + 1); seq <= this.highestSeen && seqs.length < limit; seq++) {
      if (!this.policy.has(seq)) seqs.push(seq);
    }
    return seqs;
  }

  /** Whether this worker has asked the sequencer for `seq` again (a NACK) and not had it yet. */
  asked(seq: number): boolean {
    return this.nacked.has(seq);
  }

  /** Where a reconnect resumes (`delivery.resumeAfter`): in total order the last seq delivered; without an order 0. */
  get lastDelivered(): number {
    return this.policy.resumeAfter;
  }

  /** The worker id the sequencer gave, or null before the welcome. */
  get workerId(): number | null {
    return this.id;
  }

  /** The epoch of the log this worker's history belongs to, or null before the welcome. */
  get epoch(): string | null {
    return this.epochName;
  }

  /** Whether a worker id is (or was) this worker's own. */
  isOwn(workerId: number): boolean {
    return this.ids.has(workerId);
  }

  /** Seqs up to this one are history the worker is catching up on. */
  get historyThrough(): number {
    return this.caughtUpThrough;
  }

  /** Every event so far, oldest first. */
  get events(): readonly WorkerEvent[] {
    return retained(this.log, "events");
  }

  /** The delivered messages, in delivery order (in total order, seq order). */
  get delivered(): readonly StampedMessage[] {
    return retained(this.deliveredMessages, "delivered messages");
  }

  /** The held-back messages, lowest seq first. */
  held(): StampedMessage[] {
    return this.policy.held();
  }

  /** The lowest seq that has not arrived: in total order, the one the hold-back queue waits for. */
  get nextExpected(): number {
    return this.policy.firstMissing;
  }

  /** The order digest of everything delivered (see digest.ts). */
  get orderDigest(): string {
    const delivered = retained(this.deliveredMessages, "delivered messages to digest");
    for (; this.digested < delivered.length; this.digested++) {
      const m = delivered[this.digested] as StampedMessage;
      this.digest.add(m.seq, m.data);
    }
    return this.digest.value;
  }

  /** How many of this worker's own sends are not yet delivered back to it. */
  get ownPending(): number {
    return this.own.pending;
  }

  /** How many of this worker's sends the sequencer has not acknowledged yet. */
  get unackedCount(): number {
    return this.own.unackedCount;
  }

  /** The sequencer refused send `n` (an `error` with ref n): it will never be delivered. */
  refused(n: number): void {
    this.own.refused(n);
  }

  /** The log in the seed's format, one line per event, each ending in "\n". */
  seedLog(): string {
    return seedLogOf(retained(this.log, "events to log"));
  }

  private noticeGap(time: number): void {
    const first = this.policy.firstMissing;
    const gap = this.highestSeen >= first && !this.policy.has(first);
    if (!gap) this.gapSince = null;
    else this.gapSince ??= time;
  }
}
