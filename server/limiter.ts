/**
 * A token bucket: `rate` tokens a second, holding at most `burst`. One per
 * message (or one per record a NACK asks for again, so a 37-byte frame cannot
 * buy megabytes of resends); a worker that runs dry gets RATE_LIMITED until
 * the bucket refills.
 */
export class RateLimiter {
  private tokens: number;
  private last: number;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    private readonly now: () => number,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Takes `count` tokens if there are that many; otherwise takes none. */
  take(count = 1): boolean {
    this.refill();
    if (this.tokens < count) return false;
    this.tokens -= count;
    return true;
  }

  /** Whether a token is there, taking none. */
  ready(): boolean {
    this.refill();
    return this.tokens >= 1;
  }

  /** Whether the bucket is full again: nothing to remember about it. */
  full(): boolean {
    this.refill();
    return this.tokens >= this.burst;
  }

  private refill(): void {
    const now = this.now();
    // A clock that steps back (an NTP correction) must not lock the connection out.
    const elapsed = Math.max(0, now - this.last);
    this.tokens = Math.min(this.burst, this.tokens + (elapsed / 1000) * this.rate);
    this.last = now;
  }
}
