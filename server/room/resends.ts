/**
 * Answers to NACKs: a range of the log sent again down the worker's
 * downlink. Each connection's resends are budgeted in records (a token
 * bucket), so one small frame cannot make the server send megabytes; and the
 * room sends at most RESENDS_PER_TURN records in one turn of the event loop,
 * the rest the turns after, so many NACKs at once never stall the server.
 */
import type { Clock } from "../../shared/clock.ts";
import { type Nack, stampedFrame } from "../../shared/protocol.ts";
import { RateLimiter } from "../limiter.ts";
import type { SequencerLog } from "../log.ts";
import type { Member } from "./types.ts";

/** Records a second one connection may have resent… */
export const RESEND_RATE = 1000;
/** …and at most this many at once (a full NACK of 1,000 always fits). */
export const RESEND_BURST = 2000;
/** Records the room resends in one turn; the rest wait for the next. */
export const RESENDS_PER_TURN = 1000;

/** How the room answered a NACK. */
export type NackAnswer = "resent" | "past-last-seq" | "rate-limited";

export interface ResendDeps {
  readonly log: SequencerLog;
  readonly clock: Clock;
  /** The last seq workers may know of (durably logged). */
  durableSeq(): number;
}

interface Job {
  readonly member: Member;
  from: number;
  readonly to: number;
}

export class Resender {
  private readonly budgets = new WeakMap<Member, RateLimiter>();
  private readonly queue: Job[] = [];
  private sentThisTurn = 0;
  private turnEnding = false;

  constructor(private readonly deps: ResendDeps) {}

  /** Takes a NACK: resends its range now or in the next turns, or says why not. */
  nack(member: Member, nack: Nack): NackAnswer {
    const last = this.deps.durableSeq();
    if (nack.from > last) return "past-last-seq";
    const to = Math.min(nack.to, last);
    if (!this.budget(member).take(to - nack.from + 1)) return "rate-limited";
    this.queue.push({ member, from: nack.from, to });
    this.drain();
    return "resent";
  }

  private budget(member: Member): RateLimiter {
    let budget = this.budgets.get(member);
    if (!budget) {
      budget = new RateLimiter(RESEND_RATE, RESEND_BURST, this.deps.clock.now);
      this.budgets.set(member, budget);
    }
    return budget;
  }

  private drain(): void {
    while (this.queue.length > 0 && this.sentThisTurn < RESENDS_PER_TURN) {
      const job = this.queue[0] as Job;
      if (!job.member.connected) {
        // Gone (left, or cut by a reset or restart): nothing more is sent to it.
        this.queue.shift();
        continue;
      }
      const end = Math.min(job.to, job.from + (RESENDS_PER_TURN - this.sentThisTurn) - 1);
      this.send(job.member, job.from, end);
      this.sentThisTurn += end - job.from + 1;
      job.from = end + 1;
      if (job.from > job.to) this.queue.shift();
    }
    if (this.sentThisTurn > 0 && !this.turnEnding) {
      this.turnEnding = true;
      this.deps.clock.after(0, () => {
        this.turnEnding = false;
        this.sentThisTurn = 0;
        this.drain();
      });
    }
  }

  private send(member: Member, from: number, to: number): void {
    const sentAt = this.deps.clock.now();
    for (const record of this.deps.log.read(from, to)) {
      member.downlink.send({ frame: stampedFrame(record), record, sentAt });
    }
  }
}
