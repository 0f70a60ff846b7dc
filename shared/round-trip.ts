/**
 * The measured round trip of a worker's sends (send to ack), smoothed as
 * RFC 6298 does for TCP, and the resend and NACK timeouts it gives. Pure:
 * samples and floors are passed in.
 *
 * - The first sample R sets SRTT = R and RTTVAR = R/2; each later one
 *   RTTVAR = 3/4 RTTVAR + 1/4 |SRTT − R|, then SRTT = 7/8 SRTT + 1/8 R.
 * - Resend timeout = (SRTT + max(TICK, 4 RTTVAR)) × backoff, never below the
 *   floor (the fixed formula from the network settings, also the value before
 *   any sample) nor above max(floor, CEILING).
 * - A resend that fires doubles the backoff (RFC 6298 5.5), at most once per
 *   timeout and up to 2×; the next valid sample resets it to 1. Karn's rule:
 *   the caller gives no samples from resent sends, whose ack may answer
 *   either copy, nor from sends outstanding when a resend fired (they may
 *   wait at the sequencer behind the resent one).
 * - NACK timeout = 4 RTTVAR within [floor, max(floor, CEILING)]: a message may
 *   trail a later one by as much as the round trip varies.
 */

/** Neither timeout is ever longer than this (unless the floor from the settings is). */
export const ROUND_TRIP_CEILING_MS = 30_000;
/** The worker checks its timers this often: the smallest variation margin that means anything. */
export const ROUND_TRIP_TICK_MS = 100;
/**
 * Backoff escapes Karn's deadlock (a sequencer slower than the floor: every send resent, so no
 * sample). More than 2× only slows the repair of real losses: at 25% loss, 4× tripled the slowest
 * recoveries in the seeded simulation, and the measured round trip takes over at the first sample.
 */
const MAX_BACKOFF = 2;

export class RoundTrip {
  private srtt: number | null = null;
  private rttvar = 0;
  private backoff = 1;
  private backedOffAt = Number.NEGATIVE_INFINITY;

  /** A send's round trip, from a send that went once (Karn's rule). */
  sample(ms: number): void {
    const r = Math.max(0, ms);
    if (this.srtt === null) {
      this.srtt = r;
      this.rttvar = r / 2;
    } else {
      this.rttvar = 0.75 * this.rttvar + 0.25 * Math.abs(this.srtt - r);
      this.srtt = 0.875 * this.srtt + 0.125 * r;
    }
    this.backoff = 1;
  }

  /**
   * A resend timer of `timeoutMs` fired at `now`: wait twice as long until a sample says
   * otherwise. Each send has its own timer, so this doubles at most once per timeout, as TCP's
   * single timer would.
   */
  timedOut(now: number, timeoutMs: number): void {
    if (now - this.backedOffAt < timeoutMs) return;
    this.backedOffAt = now;
    this.backoff = Math.min(MAX_BACKOFF, this.backoff * 2);
  }

  /** The network changed (settings, slow motion): measure afresh. */
  reset(): void {
    this.srtt = null;
    this.rttvar = 0;
    this.backoff = 1;
  }

  /** The smoothed round trip, or null before any sample. */
  get smoothed(): number | null {
    return this.srtt;
  }

  get variation(): number {
    return this.rttvar;
  }

  /** How long an unacknowledged send waits before it goes again. */
  resendAfter(floorMs: number): number {
    const measured = this.srtt === null ? floorMs : this.srtt + Math.max(ROUND_TRIP_TICK_MS, 4 * this.rttvar);
    return clamp(Math.max(floorMs, measured) * this.backoff, floorMs);
  }

  /** How long a gap stays before it is NACKed, and between NACKs while it stays. */
  nackAfter(floorMs: number): number {
    return clamp(4 * this.rttvar, floorMs);
  }
}

function clamp(ms: number, floorMs: number): number {
  return Math.min(Math.max(floorMs, ROUND_TRIP_CEILING_MS), Math.max(floorMs, ms));
}
