import { ordering } from "../../../shared/ordering/modes.ts";
import { scenarioInfo } from "../../../shared/scenarios.ts";
import { Agreement } from "./Agreement.tsx";
import { useBoardState } from "./context.ts";
import { followCaption } from "./diagram/caption.ts";
import { useDiagramData } from "./diagram/data.ts";
import { SpaceTime } from "./diagram/SpaceTime.tsx";

/** The presenter's type size (px): read from the back of a lecture hall at 1280×720. */
export const PRESENTER_FONT = 22;

/**
 * The presenter view (/board?view=present, or `p`): one line of state, the
 * scenario's goal, the diagram filling the screen, and a footer saying what
 * the followed message is doing or how the scenario ended.
 */
export function Presenter() {
  const room = useBoardState((s) => s.room);
  const connected = useBoardState((s) => s.connected);
  const mode = useBoardState((s) => s.mode);
  const paused = useBoardState((s) => s.paused);
  const slowdown = useBoardState((s) => s.slowdown);
  const scenario = useBoardState((s) => s.scenario);
  const setHelpOpen = useBoardState((s) => s.setHelpOpen);
  const data = useDiagramData();
  const info = scenario ? scenarioInfo(scenario.id) : null;
  let footer = "Press 1–5 to run a scenario, f to follow a message, ? for every key.";
  if (data.followed !== null) footer = followCaption(data, data.followed);
  else if (scenario?.state === "done") footer = scenario.result;
  else if (scenario) footer = `Running (seed ${scenario.seed})…`;
  return (
    <div className="presenter" data-testid="presenter">
      <header className="presenter-header">
        <span>
          Room <strong data-testid="board-room">{room}</strong>
        </span>
        <span className="board-mode" data-testid="board-mode">
          {ordering(mode).title}
        </span>
        <Agreement />
        {paused && (
          <span className="paused-flag" data-testid="paused">
            paused
          </span>
        )}
        {slowdown > 1 && <span>{slowdown}× slower</span>}
        {!connected && <span role="status">connecting…</span>}
        <button type="button" className="keys-button" onClick={() => setHelpOpen(true)}>
          ? keys
        </button>
      </header>
      <p className="presenter-goal" data-testid="scenario-goal">
        {info ? (
          <>
            <strong>{info.title}:</strong> {info.goal}
          </>
        ) : (
          <>
            <strong>{ordering(mode).title}:</strong>{" "}
            {mode === "total"
              ? "the sequencer stamps every message; each worker delivers in stamp order, holding back any that arrive early."
              : "no ordering: each worker delivers every message the moment it arrives, so workers may disagree."}
          </>
        )}
      </p>
      <SpaceTime font={PRESENTER_FONT} />
      <footer className="presenter-footer" data-testid="presenter-footer" aria-live="polite">
        {footer}
      </footer>
    </div>
  );
}
