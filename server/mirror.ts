/**
 * What one worker has received, queued and delivered, as the sequencer can
 * know it: frames leave the simulated downlink in the order TCP then keeps,
 * so running the worker's own delivery policy (shared/ordering/) on them gives
 * the worker's deliveries. The board draws lanes and checks agreement from
 * mirrors. Pure.
 */
import { OrderDigest } from "../shared/digest.ts";
import { ordering } from "../shared/ordering/modes.ts";
import type { DeliveryPolicy } from "../shared/ordering/policy.ts";
import type { OrderingMode } from "../shared/protocol.ts";
import type { LogRecord } from "./log.ts";
import type { RecentDigests } from "./mirror-digests.ts";

/** One message on a worker's lane; times on the sequencer's clock. */
export interface MirrorRow {
  seq: number;
  sentAt: number;
  arrivedAt: number;
  deliveredAt: number | null;
}

/** Rows kept per worker for the board: those of the newest seqs, at most this many (a power of two). */
const ROWS_KEPT = 256;

/**
 * A worker's newest rows, by seq, in a ring of ROWS_KEPT slots: a row takes its seq's slot
 * from an older one. Arrivals at a lecture's rate (300 a second per worker) then cost no
 * allocation and no map churn; the board reads it as it read a Map (get, keys).
 */
export class MirrorRows {
  private readonly slots: (MirrorRow | undefined)[] = new Array(ROWS_KEPT);

  get(seq: number): MirrorRow | undefined {
    const row = this.slots[seq & (ROWS_KEPT - 1)];
    return row?.seq === seq ? row : undefined;
  }

  /** The row of `seq`, arrived at `arrivedAt`, not delivered yet; an older row in its slot goes. */
  arrived(seq: number, sentAt: number, arrivedAt: number): void {
    const slot = seq & (ROWS_KEPT - 1);
    const row = this.slots[slot];
    // A late arrival of an older seq (a resend) does not push a newer row out.
    if (row && row.seq > seq) return;
    if (row) {
      row.seq = seq;
      row.sentAt = sentAt;
      row.arrivedAt = arrivedAt;
      row.deliveredAt = null;
    } else this.slots[slot] = { seq, sentAt, arrivedAt, deliveredAt: null };
  }

  /** The seqs of the rows kept, oldest first. */
  keys(): number[] {
    const seqs: number[] = [];
    for (const row of this.slots) if (row) seqs.push(row.seq);
    return seqs.sort((a, b) => a - b);
  }
}

/** Events kept per worker for the board's exports; past this the export says it is cut short. */
export const EVENTS_KEPT = 50_000;

/**
 * In a mode that does not repair gaps ("none"), seqs seen above a gap that is never filled are
 * remembered up to this many (the worker never asks for a lost message again, so its gaps stay).
 * Past it the oldest gap is given up: should that seq come after all, in a full replay after a
 * reconnect, the mirror takes it for a duplicate and the board's count for that worker falls
 * short by one. Exact in total order.
 */
const SEEN_KEPT = 10_000;

/** What a worker's mirrors recorded for the exports, kept across its reconnects. */
export interface MirrorHistory {
  readonly events: MirrorEvent[];
  /** Events not kept: past EVENTS_KEPT, or past the room's budget. */
  dropped: number;
}

/** Events the whole room may still keep (shared by its mirrors), so that exports stay bounded. */
export interface EventBudget {
  left: number;
}

/** One thing that happened to a worker, for the exports (sequencer clock). */
export interface MirrorEvent {
  readonly kind: "sent" | "queued" | "delivered";
  readonly seq: number;
  readonly n: number;
  readonly data: string;
  readonly time: number;
}

export class Mirror {
  /** The same policy the worker runs. */
  readonly policy: DeliveryPolicy<LogRecord>;
  private readonly digest: OrderDigest;
  private readonly shared: RecentDigests | null;
  private count = 0;
  readonly rows = new MirrorRows();
  /** Rows new or changed since the board last looked, kept only while `tracksChanges`. */
  readonly changed = new Set<number>();
  /**
   * Whether `changed` is kept: only for lanes whose every row the board gets (room/board-rows.ts).
   * The others skip that per-row work; their rows are still kept, for the message a board follows.
   */
  tracksChanges = false;

  /**
   * `prefix`: the worker already received seqs 1..through, whose digest is
   * given (computed once and cloned for every worker); used as far as the
   * mode's `prefixThrough` says its deliveries are that prefix.
   */
  constructor(
    readonly mode: OrderingMode,
    prefix: { readonly through: number; readonly digest: OrderDigest } = { through: 0, digest: new OrderDigest() },
    /** What the worker's earlier mirror recorded (kept across its reconnects). */
    readonly history: MirrorHistory = { events: [], dropped: 0 },
    private readonly budget: EventBudget = { left: Number.POSITIVE_INFINITY },
    /** The room's recent prefix digests: in a mode whose deliveries are a prefix of the log, read from there. */
    shared?: RecentDigests,
  ) {
    const through = ordering(mode).prefixThrough(prefix.through);
    this.policy = ordering(mode).create({ through, remember: SEEN_KEPT });
    this.count = through;
    this.digest = through === prefix.through ? prefix.digest.clone() : new OrderDigest();
    // Total order delivers exactly 1..k: what it delivered is the log's prefix, whose digest the room keeps.
    this.shared = shared && ordering(mode).prefixThrough(1) === 1 ? shared : null;
  }

  /** Whether this mirror is still the worker's when it resumes after `after` in `mode`: else a new one is due. */
  continues(mode: OrderingMode, after: number): boolean {
    return mode === this.mode && this.policy.continuesAfter(after);
  }

  get delivered(): number {
    return this.count;
  }

  get orderDigest(): string {
    return this.shared ? this.shared.value(this.count) : this.digest.value;
  }

  held(): number[] {
    return this.policy.held().map((r) => r.seq);
  }

  /** The worker's own send was stamped (at the sequencer's time: when the worker sent it is not known here). */
  sent(record: LogRecord): void {
    this.record("sent", record, record.time);
  }

  private record(kind: MirrorEvent["kind"], r: LogRecord, time: number): void {
    // Once anything is dropped, nothing more is kept: an export is a whole prefix, never one with holes.
    if (this.history.dropped === 0 && this.history.events.length < EVENTS_KEPT && this.budget.left > 0) {
      this.history.events.push({ kind, seq: r.seq, n: r.n, data: r.data, time });
      this.budget.left--;
    } else this.history.dropped++;
  }

  /** A stamped message reached the worker; returns what the worker delivered because of it, in order. */
  arrive(record: LogRecord, sentAt: number, now: number): LogRecord[] {
    const outcome = this.policy.receive(record);
    if (outcome.kind === "duplicate") return [];
    const delivered = outcome.kind === "delivered" ? [...outcome.deliverable] : [];
    this.rows.arrived(record.seq, sentAt, now);
    if (this.tracksChanges) this.changed.add(record.seq);
    if (delivered.length === 0) this.record("queued", record, now);
    for (const d of delivered) {
      this.deliver(d);
      this.record("delivered", d, now);
      const row = this.rows.get(d.seq);
      if (row) {
        row.deliveredAt = now;
        if (this.tracksChanges) this.changed.add(d.seq);
      }
    }
    return delivered;
  }

  private deliver(record: LogRecord): void {
    this.count++;
    if (!this.shared) this.digest.add(record.seq, record.data);
  }
}
