import { memo } from "react";
import { lanePercent } from "../lane.ts";
import type { LaneEntry, MissingSeq } from "../slices/types.ts";
import { LANE_ORIGIN, LAYER_CLASS } from "./lane-clock.ts";

/**
 * The live lane's markers, drawn over the rows' track column: one marker row
 * per lane row, in the same order and of the same height, inside one layer
 * that the lane's clock slides left as time passes (lane-clock.ts). Moving
 * one composited layer costs a frame neither style nor paint, where moving
 * each row's markers restyled and repainted the whole lane every frame
 * (about a fifth of the main thread at 1,000 messages a second).
 */
export function LaneMarks({
  rows,
  keys,
  windowMs,
}: {
  rows: readonly (LaneEntry | MissingSeq)[];
  /** Each row's key: the slot its lane row is keyed by. */
  keys: readonly number[];
  windowMs: number;
}) {
  return (
    <div className="lane-marks" aria-hidden="true">
      <div className={LAYER_CLASS}>
        {rows.map((row, i) =>
          "asked" in row ? <div key={keys[i]} className="mark-row" /> : <MarkRow key={keys[i]} entry={row} windowMs={windowMs} />,
        )}
      </div>
    </div>
  );
}

/** One message's markers, placed once by its own times: a hollow dot at arrival, an amber bar while held, a filled dot at delivery. */
const MarkRow = memo(function MarkRow({ entry, windowMs }: { entry: LaneEntry; windowMs: number }) {
  const x = (t: number) => `${lanePercent(t, LANE_ORIGIN, windowMs).toFixed(3)}%`;
  return (
    <div className="mark-row">
      {entry.waitingFor !== null && (
        // Still held, the bar runs past now: the marks' box clips it at its right edge, which is now.
        <span
          className={`wait-bar${entry.deliveredAt === null ? " open" : ""}`}
          style={{
            left: x(entry.arrivedAt),
            ...(entry.deliveredAt !== null && { width: `${lanePercent(entry.deliveredAt, entry.arrivedAt, windowMs)}%` }),
          }}
        />
      )}
      <span className="dot arrival" style={{ left: x(entry.arrivedAt) }} />
      {entry.deliveredAt !== null && <span className="dot delivery" style={{ left: x(entry.deliveredAt) }} />}
    </div>
  );
});
