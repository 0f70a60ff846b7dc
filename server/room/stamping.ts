/**
 * The stamping pipeline: a send that arrives at the sequencer goes through
 * the exactly-once intake, is stamped with the next seq, appended to the log,
 * and, once the log says it is durable, published down every worker's link
 * and acknowledged to its sender. The periodic `head` comes from here too;
 * answers to NACKs from resends.ts.
 */
import { ackFrame, headFrame, type Send, stampedFrame } from "../../shared/protocol.ts";
import { SendIntake } from "../intake.ts";
import type { LogRecord, Recovered, SequencerLog } from "../log.ts";
import { Sequencer } from "../sequencer.ts";
import type { Membership } from "./membership.ts";
import type { Outgoing } from "./types.ts";

export interface StampingDeps {
  readonly log: SequencerLog;
  readonly now: () => number;
  readonly members: Membership;
  /** A record was published (for the board); `sentAt`: when its send left the sender (its uplink began). */
  published(record: LogRecord, sentAt: number): void;
  /** Whether sends are taken now (not while the room is closed or restarting: workers resend them later). */
  taking(): boolean;
}

/** Send times remembered for sends not stamped yet (a send lost on its way up is forgotten past this). */
const SEND_TIMES_KEPT = 10_000;

export class StampingPipeline {
  private sequencer: Sequencer;
  private intake = new SendIntake();
  // When each send not yet stamped first left its sender, by "cid n" (for the board's arrows).
  private readonly sentAt = new Map<string, number>();

  constructor(private readonly deps: StampingDeps) {
    this.sequencer = new Sequencer(deps.now);
  }

  /** Starts afresh on what the log holds: its last seq, and each sender's last send. */
  restore(recovered: Recovered): void {
    this.sequencer = new Sequencer(this.deps.now, recovered.lastSeq);
    this.intake = new SendIntake();
    this.sentAt.clear();
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

  /**
   * Send `n` of `cid` left its sender now (its first try: a resend does not move it). A send
   * already logged (a resend, or a made-up number) is not recorded: it will never be stamped
   * again to take it out, and would push out the times of real sends.
   */
  submitted(cid: string, n: number): void {
    const key = `${cid} ${n}`;
    if (n <= this.intake.lastLogged(cid) || this.sentAt.has(key)) return;
    this.sentAt.set(key, this.deps.now());
    if (this.sentAt.size > SEND_TIMES_KEPT) {
      const oldest = this.sentAt.keys().next().value;
      if (oldest !== undefined) this.sentAt.delete(oldest);
    }
  }

  /** Send `send` of worker `from` (by `cid`) reached the sequencer. */
  arrive(cid: string, from: number, send: Send): void {
    if (!this.deps.taking()) return;
    // A send still on its way up when its worker left is stamped only if nothing earlier is missing.
    const ready = this.intake.accept(cid, send.n, send.data, this.deps.members.has(cid));
    if (ready.length === 0) {
      // A resend of something already stamped, or one waiting for an earlier send: say how far we are.
      const logged = this.intake.lastLogged(cid);
      if (logged > 0) this.ack(cid, logged);
      return;
    }
    for (const { n, data } of ready) {
      const record = this.sequencer.stamp(from, cid, n, data);
      this.deps.log.append(record, () => this.publish(record));
    }
  }

  /** The cid's worker left: the sends held for an earlier one go (it resends them when it comes back). */
  forgetHeld(cid: string): void {
    this.intake.forgetHeld(cid);
  }

  /** The record is durable: now every worker may see it, and its sender may forget it. */
  private publish(record: LogRecord): void {
    this.sequencer.markDurable(record.seq);
    this.intake.logged(record.cid, record.n);
    const out: Outgoing = { frame: stampedFrame(record), record, sentAt: this.deps.now() };
    for (const member of this.deps.members.values()) member.downlink.send(out);
    this.ack(record.cid, record.n);
    const key = `${record.cid} ${record.n}`;
    const sentAt = this.sentAt.get(key) ?? record.time;
    this.sentAt.delete(key);
    this.deps.published(record, sentAt);
  }

  private ack(cid: string, n: number): void {
    this.deps.members.get(cid)?.downlink.send(this.plain(ackFrame(n)));
  }

  private plain(frame: string): Outgoing {
    return { frame, sentAt: this.deps.now() };
  }

  /** Tells every worker the newest seq, so one that missed the latest messages notices. */
  head(): void {
    const out = this.plain(headFrame(this.sequencer.durableSeq));
    for (const member of this.deps.members.values()) member.downlink.send(out);
  }
}
