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
  // reference[i] is the seq first delivered at position base + 1 + i (0: none yet; no seq is 0),
  // setBy[i] the worker that delivered it. Never sparse: gaps are filled with 0.
  private reference: number[] = [];
  private setBy: number[] = [];
  private base = 0;
  private first: Difference | null = null;

  /** Worker `workerId` delivered `seq` as its `position`-th message. */
  record(workerId: number, position: number, seq: number): void {
    if (position <= this.base) return;
    if (position - this.base > POSITIONS_KEPT) this.drop(position - POSITIONS_KEPT - this.base);
    const index = position - 1 - this.base;
    while (this.reference.length < index) {
      this.reference.push(0);
      this.setBy.push(0);
    }
    const expected = this.reference[index] ?? 0;
    if (expected === 0) {
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
    // Dropped in large steps (a quarter of what is kept, at least): each position is moved O(1) times.
    if (drop >= Math.max(FORGET_STEP, this.reference.length >> 2)) this.drop(drop);
  }

  private drop(count: number): void {
    if (count >= this.reference.length) {
      this.reference = [];
      this.setBy = [];
    } else {
      this.reference.splice(0, count);
      this.setBy.splice(0, count);
    }
    this.base += count;
  }

  /** How many positions are remembered. */
  get kept(): number {
    return this.reference.length;
  }

  get difference(): Difference | null {
    return this.first;
  }

  /** Starts over; every worker is taken to agree on positions up to `base` (delivered before a board watched). */
  reset(base = 0): void {
    this.reference = [];
    this.setBy = [];
    this.base = base;
    this.first = null;
  }
}
