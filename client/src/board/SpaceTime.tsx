import { orderColour } from "../../../shared/colour.ts";
import { useAnimationClock } from "../clock.ts";
import { useBoardState } from "./context.ts";
import type { LaneRow } from "./types.ts";

/** The diagram's time span, ending now (sequencer clock). */
const WINDOW_MS = 15_000;
const LANE_HEIGHT = 44;
const LABEL_WIDTH = 150;
const WIDTH = 1000;

/**
 * The space-time diagram: the sequencer's lane on top, one lane per worker
 * below, time running left to right. Each stamped message is an arrow from
 * the sequencer to each worker; its wait in that worker's hold-back queue is
 * an amber bar from arrival to delivery.
 */
export function SpaceTime() {
  const workers = useBoardState((s) => s.workers);
  const lanes = useBoardState((s) => s.lanes);
  const stamps = useBoardState((s) => s.stamps);
  const offset = useBoardState((s) => s.clockOffset);
  // Moves while anything happened within the window (sequencer clock → this page's clock).
  let latest = 0;
  for (const time of stamps.values()) latest = Math.max(latest, time);
  for (const lane of lanes.values())
    for (const row of lane.values()) latest = Math.max(latest, row.deliveredAt ?? Number.POSITIVE_INFINITY, row.arrivedAt);
  const now = useAnimationClock(latest - offset + WINDOW_MS) + offset;
  const start = now - WINDOW_MS;
  const x = (t: number) => LABEL_WIDTH + ((t - start) / WINDOW_MS) * (WIDTH - LABEL_WIDTH - 10);
  const inView = (t: number) => t >= start && t <= now + 1000;
  const height = LANE_HEIGHT * (workers.length + 1) + 24;
  const laneY = (index: number) => LANE_HEIGHT * index + LANE_HEIGHT / 2;

  return (
    <figure className="spacetime">
      <figcaption className="muted">
        Space-time diagram, the last {WINDOW_MS / 1000} s: arrows carry each stamped message from the sequencer to each worker; an amber bar
        is its wait in that worker's hold-back queue, a dot its delivery.
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label="Space-time diagram of the room">
        <defs>
          <marker id="arrow" viewBox="0 0 6 6" refX="5" refY="3" markerWidth="5" markerHeight="5" orient="auto">
            <path d="M0,0 L6,3 L0,6 z" fill="#8a8a90" />
          </marker>
        </defs>
        {Array.from({ length: WINDOW_MS / 1000 + 1 }, (_, i) => WINDOW_MS / 1000 - i).map((ago) => (
          <g key={`tick-${ago}`}>
            <line x1={x(now - ago * 1000)} x2={x(now - ago * 1000)} y1={0} y2={height - 20} className="grid" />
            {ago % 5 === 0 && (
              <text x={x(now - ago * 1000)} y={height - 6} className="axis-label" textAnchor="middle">
                {ago === 0 ? "now" : `−${ago}s`}
              </text>
            )}
          </g>
        ))}
        <g data-testid="sequencer-lane">
          <line x1={LABEL_WIDTH} x2={WIDTH - 10} y1={laneY(0)} y2={laneY(0)} className="lane-line sequencer" />
          <text x={8} y={laneY(0) + 5} className="lane-name">
            Sequencer
          </text>
          {[...stamps]
            .filter(([, t]) => inView(t))
            .map(([seq, t]) => (
              <g key={`s${seq}`}>
                <circle cx={x(t)} cy={laneY(0)} r={5} className="stamp" />
                <text x={x(t)} y={laneY(0) - 9} className="seq-label" textAnchor="middle">
                  {seq}
                </text>
              </g>
            ))}
        </g>
        {workers.map((worker, i) => {
          const y = laneY(i + 1);
          const rows = [...(lanes.get(worker.id)?.values() ?? [])].filter((r) => inView(r.arrivedAt) || (r.deliveredAt ?? now) >= start);
          return (
            <g key={worker.id} data-testid="lane" data-worker={worker.id}>
              <line x1={LABEL_WIDTH} x2={WIDTH - 10} y1={y} y2={y} className="lane-line" />
              <rect x={8} y={y - 8} width={12} height={12} rx={2} fill={orderColour(worker.colour)} />
              <text x={26} y={y + 4} className="lane-name">
                Process {worker.id}
              </text>
              {rows.map((row) => (
                <Arrival key={row.seq} row={row} x={x} y={y} sequencerY={laneY(0)} now={now} start={start} />
              ))}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

function Arrival({
  row,
  x,
  y,
  sequencerY,
  now,
  start,
}: {
  row: LaneRow;
  x: (t: number) => number;
  y: number;
  sequencerY: number;
  now: number;
  start: number;
}) {
  const end = row.deliveredAt ?? now;
  const waited = end - row.arrivedAt > 1;
  return (
    <g className="arrival" data-seq={row.seq}>
      {row.sentAt >= start && (
        <line x1={x(row.sentAt)} y1={sequencerY + 5} x2={x(row.arrivedAt)} y2={y - 6} className="message" markerEnd="url(#arrow)" />
      )}
      {waited && (
        <rect
          x={x(Math.max(row.arrivedAt, start))}
          y={y - 4}
          width={Math.max(1, x(end) - x(Math.max(row.arrivedAt, start)))}
          height={8}
          className="wait"
        />
      )}
      {row.arrivedAt >= start && <circle cx={x(row.arrivedAt)} cy={y} r={4} className="arrived" />}
      {row.deliveredAt !== null && row.deliveredAt >= start && <circle cx={x(row.deliveredAt)} cy={y} r={4} className="delivered" />}
      {row.arrivedAt >= start && (
        <text x={x(row.arrivedAt)} y={y + 17} className="seq-label" textAnchor="middle">
          {row.seq}
        </text>
      )}
    </g>
  );
}
