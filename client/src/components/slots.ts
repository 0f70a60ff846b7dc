import { useState } from "react";

/**
 * Stable slots for a short list that keeps changing its items (the live lane's rows, the hold-back
 * queue's chips): a DOM node keyed by its slot, not its item, is reused for the next item instead of
 * being removed while another is created. In a lecture hall hundreds of rows a second come and go;
 * keyed by seq each made and dropped a dozen DOM nodes, and the browser's DOM garbage collection
 * then took frames of its own. An item keeps its slot while it stays, so it keeps its node and is
 * not redrawn; a new item takes a slot that an item which left gave up.
 */
export class Slots {
  private bySeq = new Map<number, number>();

  /** The slot of each of `seqs` (distinct), in order. Calling again with the same seqs gives the same slots. */
  of(seqs: readonly number[]): number[] {
    const next = new Map<number, number>();
    const taken = new Set<number>();
    for (const seq of seqs) {
      const slot = this.bySeq.get(seq);
      if (slot !== undefined) {
        next.set(seq, slot);
        taken.add(slot);
      }
    }
    let free = 0;
    const slots = seqs.map((seq) => {
      const kept = next.get(seq);
      if (kept !== undefined) return kept;
      while (taken.has(free)) free++;
      taken.add(free);
      next.set(seq, free);
      return free;
    });
    this.bySeq = next;
    return slots;
  }
}

/** The keys of `seqs` for one list a component draws: its Slots live as long as the component. */
export function useSlotKeys(seqs: readonly number[]): number[] {
  const [slots] = useState(() => new Slots());
  return slots.of(seqs);
}
