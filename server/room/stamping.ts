/**
 * The stamping pipeline: a send that arrives at the sequencer goes through
 * the exactly-once intake, is stamped with the next seq, appended to the log,
 * and published once the log says it is durable. What "published" means
 * (fan-out, acks, the board) is the room's business.
 */
import type { Send } from "../../shared/protocol.ts";
import { SendIntake } from "../intake.ts";
import type { LogRecord, Recovered, SequencerLog } from "../log.ts";
import { Sequencer } from "../sequencer.ts";

export interface StampingHooks {
  /** A durable record: every worker may now see it, and its sender may forget it. */
  published(record: LogRecord): void;
  /** A send that stamped nothing (a resend, or one waiting for an earlier send): its sender has `n` logged. */
  alreadyLogged(cid: string, n: number): void;
  /** Whether sends are taken now (not while the room is closed or restarting: workers resend them later). */
  taking(): boolean;
}

export class StampingPipeline {
  private sequencer: Sequencer;
  private intake = new SendIntake();

  constructor(
    private readonly log: SequencerLog,
    private readonly now: () => number,
    private readonly hooks: StampingHooks,
  ) {
    this.sequencer = new Sequencer(now);
  }

  /** Starts afresh on what the log holds: its last seq, and each sender's last send. */
  restore(recovered: Recovered): void {
    this.sequencer = new Sequencer(this.now, recovered.lastSeq);
    this.intake = new SendIntake();
    for (const [cid, { n }] of recovered.senders) this.intake.logged(cid, n);
  }

  /** The last seq stamped, durable or not. */
  get lastSeq(): number {
    return this.sequencer.lastSeq;
  }

  /** The last seq workers may know of (durably logged). */
  get durableSeq(): number {
    return this.sequencer.durableSeq;
  }

  /** Whether stamped records are still on their way into the log. */
  get logging(): boolean {
    return this.sequencer.lastSeq > this.sequencer.durableSeq;
  }

  /** The cid's sends 1..this are durably logged. */
  lastLogged(cid: string): number {
    return this.intake.lastLogged(cid);
  }

  /** Send `send` of worker `from` (by `cid`) reached the sequencer. */
  arrive(cid: string, from: number, send: Send): void {
    if (!this.hooks.taking()) return;
    const ready = this.intake.accept(cid, send.n, send.data);
    if (ready.length === 0) {
      // Say how far we are, so the sender stops resending what is already stamped.
      const logged = this.intake.lastLogged(cid);
      if (logged > 0) this.hooks.alreadyLogged(cid, logged);
      return;
    }
    for (const { n, data } of ready) {
      const record = this.sequencer.stamp(from, cid, n, data);
      this.log.append(record, () => this.publish(record));
    }
  }

  private publish(record: LogRecord): void {
    this.sequencer.markDurable(record.seq);
    this.intake.logged(record.cid, record.n);
    this.hooks.published(record);
  }
}
