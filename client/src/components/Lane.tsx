import { useShallow } from "zustand/react/shallow";
import { useAnimationClock } from "../clock.ts";
import { useWorkerState } from "../context.ts";
import type { LaneEntry, MissingSeq } from "../slices/types.ts";
import { useFollowBottom } from "./follow.ts";
import { clock } from "./time.ts";

/** How much time the lane's axis spans, ending now. */
const WINDOW_MS = 8000;
/** Seconds before now at which the axis has a tick. */
const TICKS = Array.from({ length: WINDOW_MS / 1000 + 1 }, (_, i) => WINDOW_MS / 1000 - i);

/**
 * The live lane: one row per message (latest by seq), on a time axis that ends
 * now. A hollow dot marks the arrival, an amber bar the wait in the hold-back
 * queue, a filled dot the delivery.
 */
export function Lane() {
  const lane = useWorkerState((s) => s.lane);
  const nextExpected = useWorkerState((s) => s.nextExpected);
  // A new array each time, equal item by item when nothing changed: compared shallowly.
  const shown = useWorkerState(useShallow((s) => rows(s.lane, s.missing)));
  // The lane moves while a message is held (its bar grows) and until the newest event leaves the window.
  const held = lane.some((entry) => entry.deliveredAt === null);
  const latest = lane.reduce((t, entry) => Math.max(t, entry.deliveredAt ?? entry.arrivedAt), 0);
  const now = useAnimationClock(held ? Number.POSITIVE_INFINITY : latest + WINDOW_MS);
  const follow = useFollowBottom<HTMLUListElement>(lane);
  const start = now - WINDOW_MS;
  const x = (t: number) => `${Math.max(0, Math.min(100, ((t - start) / WINDOW_MS) * 100))}%`;
  // Markers older than the window are not drawn (clamped, they would all pile up at its left edge).
  const visible = (t: number) => t >= start;
  return (
    <section className="lane" aria-label="Live lane">
      <h2>
        Live lane <span className="muted">— the last {WINDOW_MS / 1000} s, newest seq at the bottom</span>
      </h2>
      <div className="lane-axis" aria-hidden="true">
        <span />
        <div className="lane-track">
          {TICKS.map((ago) => (
            <span key={ago} className={`tick${ago % 4 === 0 ? " major" : ""}`} style={{ left: `${100 - (ago * 1000 * 100) / WINDOW_MS}%` }}>
              {ago === 0 ? "now" : `−${ago}s`}
            </span>
          ))}
        </div>
        <span />
      </div>
      {lane.length === 0 && <p className="muted">No messages yet: click Send, or open another tab and send from there.</p>}
      <ul className="lane-rows" ref={follow.ref} onScroll={follow.onScroll}>
        {shown.map((row) =>
          "asked" in row ? (
            <li
              key={row.seq}
              className={`lane-row ${row.asked ? "missing" : "awaited"}`}
              data-testid="missing"
              data-seq={row.seq}
              data-asked={row.asked}
            >
              <span className="lane-label">
                <b>#{row.seq}</b> <span className="muted">{row.asked ? "missing" : "on its way"}</span>
              </span>
              <div className="lane-track" />
              <span className="lane-note">{row.asked ? `missing #${row.seq}: asked again (NACK)` : "not here yet"}</span>
            </li>
          ) : (
            <LaneRow key={row.seq} entry={row} now={now} x={x} visible={visible} nextExpected={nextExpected} />
          ),
        )}
      </ul>
      <p className="legend muted">
        <span className="dot arrival" /> arrived <span className="bar-sample" /> held back <span className="dot delivery" /> delivered{" "}
        <span className="own-sample">#n</span> sent by this tab
      </p>
    </section>
  );
}

/** Lane rows and placeholders for seqs not yet arrived, in seq order. */
function rows(lane: readonly LaneEntry[], missing: readonly MissingSeq[]): (LaneEntry | MissingSeq)[] {
  const first = lane[0]?.seq ?? 0;
  const placeholders = missing.filter((m) => m.seq > first);
  return [...lane, ...placeholders].sort((a, b) => a.seq - b.seq);
}

interface LaneRowProps {
  readonly entry: LaneEntry;
  readonly now: number;
  readonly x: (t: number) => string;
  readonly visible: (t: number) => boolean;
  /** What the hold-back queue waits for now: a held row waits for it, whatever it waited for on arrival. */
  readonly nextExpected: number;
}

function LaneRow({ entry, now, x, visible, nextExpected }: LaneRowProps) {
  const end = entry.deliveredAt ?? now;
  const waited = Math.round(end - entry.arrivedAt);
  const state = entry.deliveredAt === null ? "held" : entry.waitingFor === null ? "in-order" : "waited";
  const note =
    state === "held" ? `waiting for #${nextExpected}` : state === "waited" ? `held ${waited} ms` : entry.catchUp ? "catch-up" : "in order";
  const tag = entry.repaired ? " · resent after NACK" : "";
  const title = [
    `#${entry.seq} from worker ${entry.from}: ${entry.data}`,
    `stamped ${clock(entry.stampedAt)} (sequencer clock)`,
    `arrived ${clock(entry.arrivedAt)}`,
    entry.deliveredAt === null ? "held back" : `delivered ${clock(entry.deliveredAt)}`,
  ].join("\n");
  return (
    <li
      className={`lane-row ${state}${entry.catchUp ? " catch-up" : ""}${entry.repaired ? " repaired" : ""}`}
      data-testid="lane-row"
      data-seq={entry.seq}
      data-state={state}
      title={title}
    >
      <span className={`lane-label${entry.own ? " own" : ""}`}>
        <b>#{entry.seq}</b> <span className="data">{entry.data}</span>
      </span>
      <div className="lane-track">
        {entry.waitingFor !== null && visible(end) && (
          <span className="wait-bar" style={{ left: x(entry.arrivedAt), width: `calc(${x(end)} - ${x(entry.arrivedAt)})` }} />
        )}
        {visible(entry.arrivedAt) && <span className="dot arrival" style={{ left: x(entry.arrivedAt) }} />}
        {entry.deliveredAt !== null && visible(entry.deliveredAt) && (
          <span className="dot delivery" style={{ left: x(entry.deliveredAt) }} />
        )}
      </div>
      <span className="lane-note">
        {note}
        {tag}
        <span className="muted"> · {clock(entry.deliveredAt ?? entry.arrivedAt)}</span>
      </span>
    </li>
  );
}
