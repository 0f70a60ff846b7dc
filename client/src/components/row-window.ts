/**
 * Which rows of a long list of equal-height rows are in the page: the ones in
 * view plus a margin. O(1) whatever the length, so a list that grows by a few
 * rows a frame at 100k rows costs what it costs at 100 rows.
 */

export interface RowWindowInput {
  /** How many rows the list has. */
  readonly count: number;
  readonly rowHeight: number;
  /** The scroll container's scrollTop; ignored when pinned. */
  readonly scrollTop: number;
  /** The scroll container's visible height. */
  readonly viewHeight: number;
  /** Rows drawn beyond each edge of the view, so a fast scroll shows no blank. */
  readonly overscan: number;
  /** The list follows its end: the last rows are in view, whatever scrollTop last said. */
  readonly pinned: boolean;
}

/** Rows [first, end) are drawn; `slots` is how many can ever be drawn at once at this view height. */
export interface RowWindow {
  readonly first: number;
  readonly end: number;
  readonly slots: number;
}

export function rowWindow({ count, rowHeight, scrollTop, viewHeight, overscan, pinned }: RowWindowInput): RowWindow {
  const inView = Math.ceil(viewHeight / rowHeight) + 1;
  const slots = inView + 2 * overscan;
  const top = pinned ? Math.max(0, count * rowHeight - viewHeight) : Math.max(0, scrollTop);
  const first = Math.max(0, Math.min(count - 1, Math.floor(top / rowHeight)) - overscan);
  const end = Math.min(count, first + slots);
  return { first, end, slots };
}

/**
 * The rows drawn, each with the slot its DOM node is keyed by (its index modulo the slots): as the
 * window moves by k rows, k slots take a new row and the others keep theirs, so drawing a list that
 * grows every frame rewrites k rows and creates or removes none.
 */
export function rowSlots({ first, end, slots }: RowWindow): { index: number; slot: number }[] {
  const rows: { index: number; slot: number }[] = [];
  for (let index = first; index < end; index++) rows.push({ index, slot: index % slots });
  return rows;
}
