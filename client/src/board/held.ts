/** Held seqs named in a worker's row of the board's table; the rest are counted. */
export const HELD_NAMED = 5;

/**
 * A worker's hold-back queue in one short line: "—" when empty, else how many
 * and the first few seqs, e.g. "12: #5 #7 #8 #9 #10 …". A class on the default
 * network holds dozens each; listing every seq made each row's cell wrap over
 * many lines, and laying the table out again at every board message took most
 * of a frame.
 */
export function heldText(held: readonly number[]): string {
  if (held.length === 0) return "—";
  const named = held
    .slice(0, HELD_NAMED)
    .map((seq) => `#${seq}`)
    .join(" ");
  return held.length > HELD_NAMED ? `${held.length}: ${named} …` : named;
}
