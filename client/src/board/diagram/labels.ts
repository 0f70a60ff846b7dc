/**
 * Seq labels that never collide: each lane offers a few slots (rows beside
 * its line); labels are placed greedily, the followed message's first, then
 * left to right, each in the first slot where it overlaps nothing. A label
 * that fits nowhere is thinned (its message is still there, and says its seq
 * on hover). Pure, so that "no two labels overlap" is a property to test.
 */

/** A label a lane would like to show at `x`. */
export interface LabelWish {
  readonly seq: number;
  readonly x: number;
  /** Placed before the others (the followed message). */
  readonly first?: boolean;
}

/** A label placed in slot `slot` of its lane, centred on `x`. */
export interface PlacedLabel {
  readonly seq: number;
  readonly x: number;
  readonly slot: number;
  readonly width: number;
}

export interface LabelRoom {
  /** Rows available beside the lane line (0: this lane shows no labels). */
  readonly slots: number;
  /** Width of one digit at the label's font size. */
  readonly digitWidth: number;
  /** Space kept clear around each label. */
  readonly gap: number;
  /** Labels stay within [left, right]. */
  readonly left: number;
  readonly right: number;
}

/** The width a label for `seq` takes, gap included. */
export function labelWidth(seq: number, room: Pick<LabelRoom, "digitWidth" | "gap">): number {
  return String(seq).length * room.digitWidth + room.gap;
}

/** Places what fits; each returned label overlaps no other in its slot. */
export function placeLabels(wishes: readonly LabelWish[], room: LabelRoom): PlacedLabel[] {
  if (room.slots <= 0) return [];
  const order = [...wishes].sort((a, b) => Number(b.first ?? false) - Number(a.first ?? false) || a.x - b.x);
  const taken: [number, number][][] = Array.from({ length: room.slots }, () => []);
  const placed: PlacedLabel[] = [];
  for (const wish of order) {
    const width = labelWidth(wish.seq, room);
    const x = Math.min(Math.max(wish.x, room.left + width / 2), room.right - width / 2);
    const from = x - width / 2;
    const to = x + width / 2;
    const slot = taken.findIndex((spans) => spans.every(([a, b]) => to <= a || from >= b));
    if (slot < 0) continue;
    taken[slot]?.push([from, to]);
    placed.push({ seq: wish.seq, x, slot, width });
  }
  return placed;
}
