import { useEffect, useRef } from "react";
import { useAnimationClock } from "../../clock.ts";
import { useBoard, useBoardState } from "../context.ts";
import { useDiagramData } from "./data.ts";
import type { DiagramData } from "./model.ts";
import { type Downlink, flightLines, layoutScene, type Scene } from "./scene.ts";
import { useBoxSize } from "./useBoxSize.ts";
import { chooseWindow, newestSeq, pan, type TimeWindow, zoomIn, zoomOut } from "./window.ts";

// `data-followed="true"` on every mark of the followed message, nothing on the rest.
const followedAttr = (followed: boolean) => (followed ? { "data-followed": "true" } : {});

/**
 * The space-time diagram: the sequencer's lane on top, one lane per worker
 * below, time left to right, over the last messages (window.ts). Each message
 * is an uplink from its sender, a stamp, a downlink to each worker, an amber
 * wait in the hold-back queue, and a green delivery. Click a seq to follow
 * it; the wheel zooms, a drag pans. It fills the box it is given.
 */
export function SpaceTime({ font }: { font: number }) {
  const box = useRef<HTMLElement>(null);
  const { width, height } = useBoxSize(box);
  const data = useDiagramData();
  const range = useBoardState((s) => s.range);
  const setRange = useBoardState((s) => s.setRange);
  const follow = useFollow();
  const offset = useBoardState((s) => s.clockOffset);
  const now = Date.now() + offset;
  const window = chooseWindow(data, range, now);
  const newest = newestSeq(data);

  // The wheel zooms (a listener that may cancel the page's scroll); a drag pans by whole messages.
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const wheel = (event: WheelEvent) => {
      event.preventDefault();
      setRange(event.deltaY > 0 ? zoomOut(range) : zoomIn(range));
    };
    element.addEventListener("wheel", wheel, { passive: false });
    return () => element.removeEventListener("wheel", wheel);
  }, [range, setRange]);
  const dragFrom = useRef<number | null>(null);

  const scene = width > 0 && height > 0 ? layoutScene(data, window, { width, height, font }, now) : null;
  return (
    <figure
      className="spacetime"
      data-testid="spacetime"
      data-first={window.first}
      data-last={window.last}
      data-live={String(window.live)}
      ref={box}
      onPointerDown={(e) => {
        dragFrom.current = e.clientX;
      }}
      onPointerUp={(e) => {
        const from = dragFrom.current;
        dragFrom.current = null;
        if (from === null || !scene) return;
        const messages = Math.round(((e.clientX - from) / (scene.right - scene.left)) * range.span);
        if (messages !== 0) setRange(pan(range, messages, newest));
        else {
          // A click on any mark of a message follows it (again: stops following); `f` does it from the keyboard.
          const seq = Number((e.target as Element).closest("[data-seq]")?.getAttribute("data-seq"));
          if (seq > 0) follow(seq === data.followed ? null : seq);
        }
      }}
    >
      {scene && (
        <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={summary(data, window)}>
          <defs>
            <marker id="arrow" viewBox="0 0 6 6" refX="5" refY="3" markerWidth="5" markerHeight="5" orient="auto">
              <path d="M0,0 L6,3 L0,6 z" fill="#55555a" />
            </marker>
          </defs>
          <Marks scene={scene} font={font} />
          <InFlight data={data} scene={scene} window={window} offset={offset} />
        </svg>
      )}
    </figure>
  );
}

/** Follows `seq` (or stops, for the one already followed), for the whole room. */
export function useFollow(): (seq: number | null) => void {
  const { connection } = useBoard();
  return connection.follow;
}

// In words, for a screen reader: what the picture shows.
function summary(data: DiagramData, window: TimeWindow): string {
  const span = window.last >= window.first ? `messages ${window.first} to ${window.last}` : "no messages yet";
  const followed = data.followed === null ? "" : `, following message ${data.followed}`;
  return `Space-time diagram of ${data.lanes.length} workers, ${span}${followed}`;
}

// Everything but the arrows still in flight: redrawn when news arrives, not every frame.
function Marks({ scene, font }: { scene: Scene; font: number }) {
  return (
    <>
      {scene.ticks.map((tick) => (
        <g key={`t${tick.x}`}>
          <line x1={tick.x} x2={tick.x} y1={0} y2={scene.axisY - font} className="grid" />
          <text x={tick.x} y={scene.axisY} className="axis-label" textAnchor="middle" fontSize={font}>
            {tick.text}
          </text>
        </g>
      ))}
      <g data-testid="sequencer-lane">
        <line x1={scene.left} x2={scene.right} y1={scene.sequencerY} y2={scene.sequencerY} className="lane-line sequencer" />
        <text x={8} y={scene.sequencerY + font / 3} className="lane-name" fontSize={font}>
          Sequencer
        </text>
      </g>
      {scene.lanes.map(({ lane, y, top, height, away }) => (
        <g key={lane.id} data-testid="lane" data-worker={lane.id} data-online={String(lane.online)}>
          {away.map((span) => (
            <rect key={span.x} x={span.x} y={top + 2} width={span.width} height={height - 4} className="away" data-testid="offline-span" />
          ))}
          <line x1={scene.left} x2={scene.right} y1={y} y2={y} className={lane.online ? "lane-line" : "lane-line offline"} />
          <rect x={8} y={y - font / 2} width={font * 0.7} height={font * 0.7} rx={3} fill={lane.colour} stroke="#1d1d1f" />
          <text x={12 + font} y={y + font / 3} className="lane-name" fontSize={font}>
            {lane.name}
            {lane.order >= 8 && ` (order ${lane.order})`}
            {!lane.online && " (away)"}
          </text>
        </g>
      ))}
      {scene.hidden > 0 && (
        <text x={8} y={scene.axisY} className="axis-label" fontSize={font}>
          +{scene.hidden} more workers (not drawn)
        </text>
      )}
      {scene.uplinks.map((l) => (
        <line
          key={`u${l.seq}`}
          {...ends(l)}
          className="uplink"
          data-mark="uplink"
          opacity={l.fade}
          data-seq={l.seq}
          {...followedAttr(l.followed)}
        />
      ))}
      {scene.downlinks.map((l) => (
        <line
          key={`d${l.worker}-${l.seq}`}
          {...ends(l)}
          className="downlink"
          data-mark="downlink"
          opacity={l.fade}
          markerEnd="url(#arrow)"
          data-seq={l.seq}
          {...followedAttr(l.followed)}
        />
      ))}
      {scene.waits.map((b) => (
        <rect
          key={`w${b.worker}-${b.seq}`}
          x={b.x}
          y={b.y}
          width={b.width}
          height={10}
          className="wait"
          data-mark="wait"
          opacity={Math.max(b.fade, 0.5)}
          data-seq={b.seq}
          {...followedAttr(b.followed)}
        />
      ))}
      {scene.stamps.map((d) => (
        <circle
          key={`s${d.seq}`}
          cx={d.x}
          cy={d.y}
          r={6}
          className="stamp"
          data-mark="stamp"
          data-seq={d.seq}
          {...followedAttr(d.followed)}
        />
      ))}
      {scene.deliveries.map((d) => (
        <circle
          key={`v${d.worker}-${d.seq}`}
          cx={d.x}
          cy={d.y}
          r={5}
          className="delivered"
          data-mark="delivery"
          data-seq={d.seq}
          {...followedAttr(d.followed)}
        />
      ))}
      {scene.labels.map((label) => (
        <text
          key={`l${label.worker ?? "s"}-${label.seq}`}
          x={label.x}
          y={label.y}
          textAnchor="middle"
          fontSize={font}
          className="seq-label"
          data-testid="seq-label"
          data-seq={label.seq}
          data-lane={label.worker ?? "sequencer"}
          {...followedAttr(label.followed)}
        >
          {label.seq}
        </text>
      ))}
    </>
  );
}

// The arrows still on their way, redrawn every frame until the last is due.
function InFlight({ data, scene, window, offset }: { data: DiagramData; scene: Scene; window: TimeWindow; offset: number }) {
  let due = 0;
  for (const flight of data.flights) due = Math.max(due, flight.dueAt);
  const now = useAnimationClock(due - offset) + offset;
  return (
    <>
      {flightLines(data, scene, window, now).map((l: Downlink) => (
        <line
          key={`f${l.worker}-${l.seq}`}
          {...ends(l)}
          className={l.held ? "downlink in-flight held" : "downlink in-flight"}
          data-mark={l.held ? "held" : "in-flight"}
          opacity={l.fade}
          markerEnd="url(#arrow)"
          data-seq={l.seq}
          {...followedAttr(l.followed)}
        />
      ))}
    </>
  );
}

function ends(line: { x1: number; y1: number; x2: number; y2: number }) {
  return { x1: line.x1, y1: line.y1, x2: line.x2, y2: line.y2 };
}
