/**
 * Which lane rows a board message carries. A board draws only the lanes that
 * fit on its screen (about 14 to 25 on a projector), so rows go for the first
 * MAX_DRAWN_LANES lanes in the board's order, at most MAX_LANE_ROWS (the
 * newest) per lane per message. Every lane gets the followed message's rows,
 * since the board tells where each worker is with it. At a lecture (300
 * workers) a message then holds a few thousand rows instead of every changed
 * row of everyone (docs/PROTOCOL.md section 4.13).
 */
import { type Board, MAX_DRAWN_LANES, MAX_LANE_ROWS } from "../../shared/protocol.ts";
import type { Mirror, MirrorRow } from "../mirror.ts";

type Rows = Board["rows"];

/** A followed row as the boards last had it from an incremental message. */
interface SentRow {
  readonly seq: number;
  readonly arrivedAt: number;
  readonly deliveredAt: number | null;
}

export class BoardRows {
  // For each mirror outside the drawn lanes: its followed row as last sent, so an unchanged one is not sent again.
  private readonly followedSent = new WeakMap<Mirror, SentRow>();

  /**
   * Adds to `rows` those the board gets of the lane at `index` (in the order of the message's
   * `workers`), worker `id`. `everything`: a new board's whole picture, which leaves the
   * bookkeeping of the incremental messages (what the other boards have had) as it is.
   */
  add(rows: Rows, index: number, id: number, mirror: Mirror, everything: boolean, followed: number | null): void {
    if (index < MAX_DRAWN_LANES) this.drawn(rows, id, mirror, everything, followed);
    else this.undrawn(rows, id, mirror, everything, followed);
  }

  /** A drawn lane: all its rows kept, or those changed; its changes are tracked from now on. */
  private drawn(rows: Rows, id: number, mirror: Mirror, everything: boolean, followed: number | null): void {
    // A lane not tracked yet (new, or just moved up among the drawn ones) gets all its rows once.
    const seqs = everything || !mirror.tracksChanges ? mirror.rows.keys() : mirror.changed;
    const lane: MirrorRow[] = [];
    for (const seq of seqs) {
      const row = mirror.rows.get(seq);
      if (row) lane.push(row);
    }
    if (!everything) {
      mirror.tracksChanges = true;
      this.followedSent.delete(mirror);
    }
    for (const row of newestRows(lane, followed)) rows.push(rowOf(id, row));
  }

  /** A lane not drawn: only the followed message's row, when the boards do not have it as it is. */
  private undrawn(rows: Rows, id: number, mirror: Mirror, everything: boolean, followed: number | null): void {
    if (!everything && mirror.tracksChanges) {
      mirror.tracksChanges = false;
      mirror.changed.clear();
    }
    const row = followed === null ? undefined : mirror.rows.get(followed);
    if (!row) return;
    const sent = this.followedSent.get(mirror);
    const same = sent?.seq === row.seq && sent.arrivedAt === row.arrivedAt && sent.deliveredAt === row.deliveredAt;
    if (everything || !same) rows.push(rowOf(id, row));
    if (!everything) this.followedSent.set(mirror, { seq: row.seq, arrivedAt: row.arrivedAt, deliveredAt: row.deliveredAt });
  }
}

/** The newest MAX_LANE_ROWS of a lane's rows, and the followed one among them whatever its age. */
export function newestRows(lane: MirrorRow[], followed: number | null): MirrorRow[] {
  if (lane.length <= MAX_LANE_ROWS) return lane;
  lane.sort((a, b) => a.seq - b.seq);
  const kept = lane.slice(-MAX_LANE_ROWS);
  const follow = lane.find((row) => row.seq === followed);
  if (follow && follow.seq < (kept[0]?.seq ?? 0)) kept.push(follow);
  return kept;
}

function rowOf(id: number, row: MirrorRow): Rows[number] {
  return [id, row.seq, row.sentAt, row.arrivedAt, row.deliveredAt];
}
