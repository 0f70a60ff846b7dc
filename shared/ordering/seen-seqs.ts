/**
 * The seqs that came, in a counter and a set: every seq through `through`,
 * and those above it one by one. A gap never filled would keep the set
 * growing, so past `limit` seqs above it the oldest gap is given up (counted
 * as seen): should that seq come after all, it is taken for a repeat.
 */
export class SeenSeqs {
  private through = 0;
  private readonly above = new Set<number>();

  constructor(private readonly limit = Number.POSITIVE_INFINITY) {}

  /** Every seq through this one came (or was given up). */
  get contiguousThrough(): number {
    return this.through;
  }

  /** How many seqs above the lowest gap are remembered one by one. */
  get size(): number {
    return this.above.size;
  }

  has(seq: number): boolean {
    return seq <= this.through || this.above.has(seq);
  }

  /** Records `seq`; returns whether it came for the first time. */
  add(seq: number): boolean {
    if (this.has(seq)) return false;
    this.above.add(seq);
    this.advance();
    if (this.above.size > this.limit) {
      let lowest = Number.POSITIVE_INFINITY;
      for (const seen of this.above) lowest = Math.min(lowest, seen);
      this.through = lowest - 1;
      this.advance();
    }
    return true;
  }

  private advance(): void {
    while (this.above.delete(this.through + 1)) this.through++;
  }
}
