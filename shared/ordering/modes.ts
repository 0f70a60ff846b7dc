/**
 * Every ordering mode, by the name the protocol gives it. A new mode is a new
 * file beside this one and one entry here (and its name in protocol.ts).
 */
import type { OrderingMode } from "../protocol.ts";
import { none } from "./none.ts";
import type { Ordering } from "./policy.ts";
import { totalBySequencer } from "./total-sequencer.ts";

const ORDERINGS: { readonly [M in OrderingMode]: Ordering } = {
  total: totalBySequencer,
  none,
};

/** The modes in the order a menu lists them. */
export const ORDERING_MODES: readonly Ordering[] = Object.values(ORDERINGS);

/** The ordering a mode names. */
export function ordering(mode: OrderingMode): Ordering {
  return ORDERINGS[mode];
}
