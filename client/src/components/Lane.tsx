import { memo, useMemo } from "react";
import { useShallow } from "zustand/react/shallow";
import { ordering } from "../../../shared/ordering/modes.ts";
import { useWorkerState } from "../context.ts";
import { laneRows, type Overtakes, overtakesOf } from "../lane.ts";
import { useAtNextFrame } from "../next-frame.ts";
import type { LaneEntry, MissingSeq } from "../slices/types.ts";
import { useFollowBottom } from "./follow.ts";
import { useFollowClick, useFollowed } from "./followed.ts";
import { LaneMarks } from "./LaneMarks.tsx";
import { useLaneClock } from "./lane-clock.ts";
import { useSlotKeys } from "./slots.ts";
import { clock } from "./time.ts";

/** How much time the lane's axis spans, ending now. */
const WINDOW_MS = 8000;
/** Seconds before now at which the axis has a tick. */
const TICKS = Array.from({ length: WINDOW_MS / 1000 + 1 }, (_, i) => WINDOW_MS / 1000 - i);

/**
 * The live lane: one row per message (latest by seq), on a time axis that ends
 * now. A hollow dot marks the arrival, an amber bar the wait in the hold-back
 * queue, a filled dot the delivery. With ordering off, each message is
 * delivered on arrival: no placeholders for what has not come (nothing waits
 * for it), and a delivery that overtook an earlier seq says which.
 * Clicking a row follows its message in every tab and on the board.
 *
 * The rows hold the words; their markers are drawn over the track column by
 * LaneMarks, placed once by their own times in one layer that the lane's
 * clock slides (useLaneClock): while anything moves a frame renders nothing,
 * and a row re-renders only when its own props change.
 */
export function Lane() {
  const lane = useWorkerState((s) => s.lane);
  const nextExpected = useWorkerState((s) => s.nextExpected);
  const holdsBack = useWorkerState((s) => ordering(s.mode).holdsBack);
  // A new array each time, equal item by item when nothing changed: compared shallowly.
  const shown = useWorkerState(useShallow((s) => laneRows(s.lane, ordering(s.mode).holdsBack ? s.missing : [])));
  const delivered = useWorkerState((s) => s.delivered);
  const count = useWorkerState((s) => s.deliveredCount);
  const overtakes = holdsBack ? null : overtakesOf(delivered, count);
  const followed = useFollowed();
  const view = useMemo(
    () => ({ lane, nextExpected, holdsBack, shown, overtakes, followed, count }),
    [lane, nextExpected, holdsBack, shown, overtakes, followed, count],
  );
  return <LaneView {...useAtNextFrame(view)} />;
}

interface LaneViewProps {
  readonly lane: readonly LaneEntry[];
  readonly nextExpected: number;
  readonly holdsBack: boolean;
  readonly shown: readonly (LaneEntry | MissingSeq)[];
  readonly overtakes: Overtakes | null;
  readonly followed: number | null;
  /** Deliveries so far: with ordering off, overtakes are read as of this count. */
  readonly count: number;
}

/** The lane as of the start of the latest frame (useAtNextFrame): it redraws in a frame of its own. */
const LaneView = memo(function LaneView({ lane, nextExpected, holdsBack, shown, overtakes, followed }: LaneViewProps) {
  const followClick = useFollowClick();
  // The lane moves while a message is held (its bar grows) and until the newest event leaves the window.
  const held = lane.some((entry) => entry.deliveredAt === null);
  const latest = lane.reduce((t, entry) => Math.max(t, entry.deliveredAt ?? entry.arrivedAt), 0);
  const axis = useLaneClock<HTMLElement>(held ? Number.POSITIVE_INFINITY : latest + WINDOW_MS, WINDOW_MS);
  // Only a change in the row count can move the bottom (a full lane keeps LANE_ROWS rows).
  const follow = useFollowBottom<HTMLDivElement>(shown.length);
  // Rows and their markers are keyed by slot, so a row that leaves gives its DOM nodes to one that comes.
  const keys = useSlotKeys(shown.map((row) => row.seq));
  return (
    <section className="lane" aria-label="Live lane" ref={axis}>
      <h2>
        Live lane{" "}
        <span className="muted">— the last {WINDOW_MS / 1000} s, newest seq at the bottom; click a row to follow it everywhere</span>
      </h2>
      <p className="muted lane-intro" data-testid="lane-intro">
        {holdsBack
          ? "A message that arrives before an earlier seq waits in the hold-back queue (amber bar) until every seq before it is delivered."
          : "Ordering is off: each message is delivered the moment it arrives, so a message may overtake an earlier seq. Nothing waits, and tabs may deliver different orders."}
      </p>
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
      <div className="lane-rows" ref={follow.ref} onScroll={follow.onScroll}>
        <div className="lane-body">
          {/* biome-ignore lint/a11y/useKeyWithClickEvents: a click anywhere on a row follows it; from the keyboard, its label is a button */}
          <ul className="lane-list" onClick={followClick}>
            {shown.map((row, i) =>
              "asked" in row ? (
                <li
                  key={keys[i]}
                  className={`lane-row ${row.asked ? "missing" : "awaited"}`}
                  data-testid="missing"
                  data-seq={row.seq}
                  data-asked={row.asked}
                  data-followed={row.seq === followed ? "true" : undefined}
                >
                  <span className="lane-label">
                    <b>#{row.seq}</b> <span className="muted">{row.asked ? "missing" : "on its way"}</span>
                  </span>
                  <div className="lane-track" />
                  <span className="lane-note">{row.asked ? `missing #${row.seq}: asked again (NACK)` : "not here yet"}</span>
                </li>
              ) : (
                <LaneRow
                  key={keys[i]}
                  entry={row}
                  waitingFor={row.deliveredAt === null ? nextExpected : 0}
                  overtook={overtakes ? overtakes.of(row.seq) : undefined}
                  followed={row.seq === followed}
                />
              ),
            )}
          </ul>
          <div className="lane-grid" aria-hidden="true">
            {TICKS.slice(1).map((ago) => (
              <span key={ago} style={{ left: `${100 - (ago * 1000 * 100) / WINDOW_MS}%` }} />
            ))}
          </div>
          <LaneMarks rows={shown} keys={keys} windowMs={WINDOW_MS} />
        </div>
      </div>
      <p className="legend muted">
        <span className="dot arrival" /> arrived {holdsBack && <span className="bar-sample" />}
        {holdsBack && " held back "}
        <span className="dot delivery" /> delivered <span className="own-sample">#n</span> sent by this tab
      </p>
    </section>
  );
});

interface LaneRowProps {
  /** The row's message; the lane keeps an unchanged entry's object, so memo compares it by identity. */
  readonly entry: LaneEntry;
  /** For a held row, what the hold-back queue waits for now (whatever it waited for on arrival); 0 otherwise. */
  readonly waitingFor: number;
  /** Ordering off: the smallest seq this delivery overtook, or null; undefined with ordering on. */
  readonly overtook: number | null | undefined;
  /** The room follows this message. */
  readonly followed: boolean;
}

const LaneRow = memo(function LaneRow({ entry, waitingFor, overtook, followed }: LaneRowProps) {
  const onArrival = overtook !== undefined;
  const state = entry.deliveredAt === null ? "held" : onArrival ? "on-arrival" : entry.waitingFor === null ? "in-order" : "waited";
  const note = onArrival
    ? `delivered on arrival${overtook === null ? "" : `, overtook #${overtook}`}`
    : state === "held"
      ? `waiting for #${waitingFor}`
      : state === "waited"
        ? `held ${Math.round((entry.deliveredAt ?? entry.arrivedAt) - entry.arrivedAt)} ms`
        : entry.catchUp
          ? "catch-up"
          : "in order";
  const tag = entry.repaired ? " · resent after NACK" : "";
  const title = [
    `#${entry.seq} from worker ${entry.from}: ${entry.data}`,
    `stamped ${clock(entry.stampedAt)} (sequencer clock)`,
    `arrived ${clock(entry.arrivedAt)}`,
    entry.deliveredAt === null ? "held back" : `delivered ${clock(entry.deliveredAt)}`,
  ].join("\n");
  return (
    <li
      className={`lane-row ${state}${entry.catchUp ? " catch-up" : ""}${entry.repaired ? " repaired" : ""}${followed ? " followed" : ""}`}
      data-testid="lane-row"
      data-seq={entry.seq}
      data-state={state}
      data-overtook={overtook != null ? "true" : undefined}
      data-followed={followed ? "true" : undefined}
      title={title}
    >
      <button type="button" className={`lane-label follow-button${entry.own ? " own" : ""}`} aria-pressed={followed}>
        <b>#{entry.seq}</b> <span className="data">{entry.data}</span>
      </button>
      <div className="lane-track" />
      <span className="lane-note">
        {note}
        {tag}
        <span className="muted"> · {clock(entry.deliveredAt ?? entry.arrivedAt)}</span>
      </span>
    </li>
  );
});
