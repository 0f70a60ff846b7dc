/**
 * Order classes: which workers delivered the same order, compared over the
 * messages both have delivered (a worker that lags is not a worker that
 * disagrees). Each class is a number the board and the tabs show as a colour:
 * 0 is the sequencer's own order (seqs 1, 2, 3, … as the log holds them);
 * others take the lowest number free, in order of first appearance. Pure.
 *
 * The classes form a tree. A class has a reference order, append-only: the
 * seq at each position is set by the first of its workers to deliver there.
 * Every worker's delivered sequence is a prefix of its class's reference, so
 * two workers of one class agree over their common prefix; a worker that
 * delivers something else at a position leaves for the class that branches
 * there with that seq (made if none). The same sequence therefore always
 * lands in the same class, and two orders that disagree never share one.
 * Agreement over a common prefix is not transitive (a worker that lags may
 * agree with two orders that disagree with each other): such a worker keeps
 * the class its own history put it in.
 */

interface OrderClass {
  readonly index: number;
  /** Where this class branched off (its parent's children hold it there); null for class 0 or once forgotten. */
  parent: { readonly cls: OrderClass; readonly position: number; readonly seq: number } | null;
  /** Position of own[0]. */
  start: number;
  /** The reference order from `start` on (class 0 keeps none: its seq at position p is p). */
  own: number[];
  /** Classes branching off this one: by position, then by the seq delivered there. */
  readonly children: Map<number, Map<number, OrderClass>>;
  members: number;
}

interface Placed {
  cls: OrderClass;
  /** How many messages the worker has delivered. */
  position: number;
}

function newClass(index: number, start: number): OrderClass {
  return { index, parent: null, start, own: [], children: new Map(), members: 0 };
}

export class OrderClasses {
  private sequencer = newClass(0, 1);
  private readonly workers = new Map<number, Placed>();
  private readonly used = new Set<number>([0]);

  /** Worker `id` starts (again) having delivered seqs 1..position in the sequencer's order. */
  place(id: number, position = 0): void {
    this.remove(id);
    this.sequencer.members++;
    this.workers.set(id, { cls: this.sequencer, position });
  }

  /** Worker `id` delivered `seq` as its next message (a worker not placed yet starts from nothing). */
  deliver(id: number, seq: number): void {
    let placed = this.workers.get(id);
    if (!placed) {
      this.place(id);
      placed = this.workers.get(id) as Placed;
    }
    const position = placed.position + 1;
    placed.position = position;
    const cls = placed.cls;
    const expected = this.seqAt(cls, position);
    if (expected === seq) return;
    if (expected === undefined) {
      // The first of its class to get this far sets the class's order here.
      cls.own.push(seq);
      return;
    }
    let branch = cls.children.get(position)?.get(seq);
    if (!branch) {
      branch = newClass(this.freeIndex(), position);
      branch.own.push(seq);
      branch.parent = { cls, position, seq };
      const at = cls.children.get(position) ?? new Map<number, OrderClass>();
      at.set(seq, branch);
      cls.children.set(position, at);
    }
    this.leave(cls);
    branch.members++;
    placed.cls = branch;
  }

  /** The worker is gone from view: its class may go with it. */
  remove(id: number): void {
    const placed = this.workers.get(id);
    if (!placed) return;
    this.workers.delete(id);
    this.leave(placed.cls);
  }

  /** Whether worker `id` is placed. */
  has(id: number): boolean {
    return this.workers.has(id);
  }

  /** Removes every worker not in `ids`. */
  keepOnly(ids: ReadonlySet<number>): void {
    for (const id of [...this.workers.keys()]) if (!ids.has(id)) this.remove(id);
  }

  /** The class number of worker `id` (0, the sequencer's order, for a worker not seen). */
  colour(id: number): number {
    return this.workers.get(id)?.cls.index ?? 0;
  }

  /** How many class numbers are in use (class 0 always is). */
  get classes(): number {
    return this.used.size;
  }

  /**
   * Forgets what no worker can need again: the reference order before the
   * position its laggiest worker has reached, and branches off it there.
   * Call it now and then (it walks every worker); memory then stays within
   * the spread between the first and last worker of each class.
   */
  compact(): void {
    const lowest = new Map<OrderClass, number>();
    for (const { cls, position } of this.workers.values()) lowest.set(cls, Math.min(lowest.get(cls) ?? position, position));
    for (const [cls, position] of lowest) {
      if (cls !== this.sequencer && position >= cls.start + 1024) {
        const drop = Math.min(position - cls.start + 1, cls.own.length);
        cls.own = cls.own.slice(drop);
        cls.start += drop;
      }
      for (const [at, branches] of cls.children) {
        if (at > position) continue;
        cls.children.delete(at);
        for (const branch of branches.values()) branch.parent = null;
      }
    }
  }

  /** A new epoch: nobody has delivered anything. */
  reset(): void {
    this.sequencer = newClass(0, 1);
    this.workers.clear();
    this.used.clear();
    this.used.add(0);
  }

  private seqAt(cls: OrderClass, position: number): number | undefined {
    if (cls === this.sequencer) return position;
    return cls.own[position - cls.start];
  }

  private leave(cls: OrderClass): void {
    cls.members--;
    if (cls.members > 0 || cls === this.sequencer) return;
    // Nobody shows this order any more: its number is free, and a worker that takes the same path later starts it afresh.
    this.used.delete(cls.index);
    const parent = cls.parent;
    if (parent) {
      const at = parent.cls.children.get(parent.position);
      at?.delete(parent.seq);
      if (at?.size === 0) parent.cls.children.delete(parent.position);
    }
    for (const branches of cls.children.values()) for (const branch of branches.values()) branch.parent = null;
  }

  private freeIndex(): number {
    let index = 1;
    while (this.used.has(index)) index++;
    this.used.add(index);
    return index;
  }
}
