/**
 * Do the workers agree? Every delivery is recorded at its position in the
 * worker's delivered sequence; the first worker to fill a position sets it,
 * and any other worker delivering a different seq there is the first
 * disagreement. Pure.
 */
export interface Difference {
  /** 1-based position in the delivered sequence. */
  readonly position: number;
  readonly workers: readonly [number, number];
}

export class Agreement {
  private reference: number[] = [];
  private setBy: number[] = [];
  private first: Difference | null = null;

  /** Worker `workerId` delivered `seq` as its `position`-th message. */
  record(workerId: number, position: number, seq: number): void {
    const index = position - 1;
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

  get difference(): Difference | null {
    return this.first;
  }

  reset(): void {
    this.reference = [];
    this.setBy = [];
    this.first = null;
  }
}
