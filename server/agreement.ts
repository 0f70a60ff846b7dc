/**
 * Do the workers agree? Every delivery is recorded at its position in the
 * worker's delivered sequence; the first worker to fill a position sets it,
 * and any other worker delivering a different seq there is the first
 * disagreement. Positions every connected worker has passed are forgotten,
 * so memory stays bounded however long the room runs. Pure.
 */

/** Positions remembered at most (a worker this far behind the others is compared from there on). */
const POSITIONS_KEPT = 1_000_000;

/** Forgotten positions are dropped this many at a time. */
const FORGET_STEP = 4096;
export interface Difference {
  /** 1-based position in the delivered sequence. */
  readonly position: number;
  readonly workers: readonly [number, number];
}

export class Agreement {
  private reference: number[] = [];
  private setBy: number[] = [];
  // Positions up to this one are forgotten: reference[0] is position base + 1.
  private base = 0;
  private first: Difference | null = null;

  /** Worker `workerId` delivered `seq` as its `position`-th message. */
  record(workerId: number, position: number, seq: number): void {
    if (position <= this.base) return;
    // Nothing remembered: start at this position (every earlier one is taken as agreed).
    if (this.reference.length === 0) this.base = position - 1;
    if (position - this.base > POSITIONS_KEPT) this.forgetThrough(position - POSITIONS_KEPT + FORGET_STEP);
    const index = position - 1 - this.base;
    const expected = this.reference[index];
    if (expected === undefined) {
      this.reference[index] = seq;
      this.setBy[index] = workerId;
      return;
    }
    if (expected !== seq && (this.first === null || position < this.first.position)) {
      this.first = { position, workers: [this.setBy[index] ?? 0, workerId] };
    }
  }

  /** Every worker that still delivers is past `position`: the positions up to it need not be kept. */
  forgetThrough(position: number): void {
    const drop = Math.min(position - this.base, this.reference.length);
    if (drop < FORGET_STEP) return;
    if (drop === this.reference.length) {
      this.reference = [];
      this.setBy = [];
    } else {
      this.reference.splice(0, drop);
      this.setBy.splice(0, drop);
    }
    this.base += drop;
  }

  /** How many positions are remembered. */
  get kept(): number {
    return this.reference.length;
  }

  get difference(): Difference | null {
    return this.first;
  }

  reset(): void {
    this.reference = [];
    this.setBy = [];
    this.base = 0;
    this.first = null;
  }
}
