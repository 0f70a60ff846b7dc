/**
 * The sequencer's log: every stamped message, appended before anyone sees
 * it. A record is broadcast and acknowledged only once the log calls its
 * `durable` callback, so a crash can lose nothing a worker was told about.
 */
import type { Random } from "../shared/random.ts";
import type { Scheduler } from "./netsim.ts";

/** One stamped message as the log keeps it: the wire fields plus the sender's cid. */
export interface LogRecord {
  readonly seq: number;
  readonly from: number;
  readonly cid: string;
  readonly n: number;
  readonly data: string;
  readonly time: number;
}

export interface SequencerLog {
  /** Names this run of the log; a reset starts a new one. */
  readonly epoch: string;
  /** The records recovered when the log was opened, in seq order. */
  readonly recovered: readonly LogRecord[];
  /** Appends a record; `durable` runs once it would survive a crash, in append order. */
  append(record: LogRecord, durable: () => void): void;
  /** Empties the log and starts a new epoch; returns it. Appends not yet durable never call back. */
  reset(): string;
  /** Worker ids up to this one may have been handed out: after a restart, new ids start above it. */
  readonly idsReserved: number;
  /** Durably raises `idsReserved` before ids up to `upTo` are handed out, so none is ever reused. */
  reserveIds(upTo: number): void;
}

/** A fresh epoch name: 16 hex digits. */
export function newEpoch(random: Random): string {
  const part = () =>
    Math.floor(random.next() * 2 ** 32)
      .toString(16)
      .padStart(8, "0");
  return part() + part();
}

/**
 * A log in memory (`--memory`, and simulations). It survives a simulated
 * crash of the room that uses it (records are kept), but not of the process.
 * With a scheduler and a delay, appends become durable only after that delay,
 * and `crash()` drops those not yet durable, as a power cut would.
 */
export class MemoryLog implements SequencerLog {
  private records: LogRecord[] = [];
  private generation = 0;
  epoch: string;
  idsReserved = 0;

  constructor(
    private readonly random: Random,
    private readonly durability?: { readonly scheduler: Scheduler; readonly delayMs: number },
  ) {
    this.epoch = newEpoch(random);
  }

  get recovered(): readonly LogRecord[] {
    return this.records;
  }

  append(record: LogRecord, durable: () => void): void {
    if (!this.durability) {
      this.records.push(record);
      durable();
      return;
    }
    const generation = this.generation;
    this.durability.scheduler.after(this.durability.delayMs, () => {
      if (generation !== this.generation) return;
      this.records.push(record);
      durable();
    });
  }

  reset(): string {
    this.generation++;
    this.records = [];
    this.epoch = newEpoch(this.random);
    return this.epoch;
  }

  reserveIds(upTo: number): void {
    this.idsReserved = Math.max(this.idsReserved, upTo);
  }

  /** Forgets appends that are not durable yet: what a crash does. */
  crash(): void {
    this.generation++;
  }
}
