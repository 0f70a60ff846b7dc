/**
 * A token bucket counted in records rather than messages: `rate` records a
 * second, holding at most `burst`. One NACK costs as many tokens as records it
 * asks for, so a 37-byte frame cannot buy megabytes of resends.
 */
export class RecordBudget {
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
  take(count: number): boolean {
    const now = this.now();
    // A clock that steps back (an NTP correction) must not lock the connection out.
    const elapsed = Math.max(0, now - this.last);
    this.tokens = Math.min(this.burst, this.tokens + (elapsed / 1000) * this.rate);
    this.last = now;
    if (this.tokens < count) return false;
    this.tokens -= count;
    return true;
  }
}
