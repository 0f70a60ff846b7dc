/**
 * A colour for a delivered sequence, from its order digest: same order, same
 * colour, so a room full of projected tabs shows agreement at a glance. The
 * palette is Okabe and Ito's, readable with every common colour-vision
 * deficiency; the digest itself is shown beside it for certainty.
 */
export const ORDER_PALETTE = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"] as const;

export function orderColour(digest: string): string {
  const value = Number.parseInt(digest.slice(0, 8), 16);
  return ORDER_PALETTE[(Number.isFinite(value) ? value : 0) % ORDER_PALETTE.length] ?? "#000000";
}
