/**
 * What one worker has received, queued and delivered, as the sequencer can
 * know it: frames leave the simulated downlink in the order TCP then keeps,
 * so running the same hold-back rule on them gives the worker's deliveries.
 * The board draws lanes and checks agreement from mirrors. Pure.
 */
import { OrderDigest } from "../shared/digest.ts";
import { HoldBackQueue } from "../shared/holdback.ts";
import type { OrderingMode } from "../shared/protocol.ts";
import type { LogRecord } from "./log.ts";

/** One message on a worker's lane; times on the sequencer's clock. */
export interface MirrorRow {
  readonly seq: number;
  readonly sentAt: number;
  readonly arrivedAt: number;
  deliveredAt: number | null;
}

/** Rows kept per worker for the board (the newest). */
const ROWS_KEPT = 200;

/** Events kept per worker for the board's exports; past this the export says it is cut short. */
export const EVENTS_KEPT = 50_000;

/** One thing that happened to a worker, for the exports (sequencer clock). */
export interface MirrorEvent {
  readonly kind: "sent" | "queued" | "delivered";
  readonly seq: number;
  readonly n: number;
  readonly data: string;
  readonly time: number;
}

export class Mirror {
  private readonly queue: HoldBackQueue<LogRecord>;
  private readonly seen = new Set<number>();
  private readonly digest: OrderDigest;
  private count = 0;
  readonly rows = new Map<number, MirrorRow>();
  /** Rows new or changed since the board last looked. */
  readonly changed = new Set<number>();

  /**
   * `prefix`: in total order, the worker already delivered seqs 1..through,
   * whose digest is given (computed once and cloned for every worker).
   */
  constructor(
    readonly mode: OrderingMode,
    prefix: { readonly through: number; readonly digest: OrderDigest } = { through: 0, digest: new OrderDigest() },
    /** What the worker's earlier mirror recorded (kept across its reconnects). */
    readonly events: MirrorEvent[] = [],
  ) {
    const through = mode === "total" ? prefix.through : 0;
    this.queue = new HoldBackQueue<LogRecord>(through);
    this.count = through;
    this.digest = mode === "total" ? prefix.digest.clone() : new OrderDigest();
  }

  get delivered(): number {
    return this.count;
  }

  /** In total order: the last seq delivered. */
  get lastDelivered(): number {
    return this.queue.lastDelivered;
  }

  get orderDigest(): string {
    return this.digest.value;
  }

  held(): number[] {
    return this.queue.heldMessages().map((r) => r.seq);
  }

  /** The worker's own send was stamped (at the sequencer's time: when the worker sent it is not known here). */
  sent(record: LogRecord): void {
    this.record("sent", record, record.time);
  }

  private record(kind: MirrorEvent["kind"], r: LogRecord, time: number): void {
    if (this.events.length < EVENTS_KEPT) this.events.push({ kind, seq: r.seq, n: r.n, data: r.data, time });
  }

  /** A stamped message reached the worker; returns what the worker delivered because of it, in order. */
  arrive(record: LogRecord, sentAt: number, now: number): LogRecord[] {
    let delivered: LogRecord[];
    if (this.mode === "none") {
      if (this.seen.has(record.seq)) return [];
      this.seen.add(record.seq);
      delivered = [record];
    } else {
      const outcome = this.queue.receive(record);
      delivered = outcome.kind === "delivered" ? [...outcome.deliverable] : [];
      if (outcome.kind === "duplicate") return [];
    }
    this.row({ seq: record.seq, sentAt, arrivedAt: now, deliveredAt: null });
    if (delivered.length === 0) this.record("queued", record, now);
    for (const d of delivered) {
      this.deliver(d);
      this.record("delivered", d, now);
      const row = this.rows.get(d.seq);
      if (row) {
        row.deliveredAt = now;
        this.changed.add(d.seq);
      }
    }
    return delivered;
  }

  private deliver(record: LogRecord): void {
    this.count++;
    this.digest.add(record.seq, record.data);
  }

  private row(row: MirrorRow): void {
    this.rows.set(row.seq, row);
    this.changed.add(row.seq);
    if (this.rows.size > ROWS_KEPT) {
      const oldest = this.rows.keys().next().value;
      if (oldest !== undefined) this.rows.delete(oldest);
    }
  }
}
