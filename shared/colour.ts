/**
 * The colour of an order class (server/room/orders.ts): 0 is the sequencer's
 * own order, and every other order the room shows has its own number. Workers
 * with one colour delivered the same order over the messages both delivered,
 * so a room full of projected tabs shows agreement at a glance; with at most 8
 * orders in a room no two share a colour. Past 8, colours repeat and the
 * number is shown beside them. The palette is Okabe and Ito's, readable with
 * every common colour-vision deficiency.
 */
export const ORDER_PALETTE = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"] as const;

/** The palette colour of order class `index`. */
export function orderColour(index: number): string {
  const i = Number.isInteger(index) && index >= 0 ? index : 0;
  return ORDER_PALETTE[i % ORDER_PALETTE.length] ?? "#000000";
}
