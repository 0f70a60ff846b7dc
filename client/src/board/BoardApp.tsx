import { ordering } from "../../../shared/ordering/modes.ts";
import { Agreement } from "./Agreement.tsx";
import { Controls } from "./Controls.tsx";
import { useBoard, useBoardState } from "./context.ts";
import { SpaceTime } from "./diagram/SpaceTime.tsx";
import { Join } from "./Join.tsx";
import { KeysHelp } from "./KeysHelp.tsx";
import { NetworkHand } from "./NetworkHand.tsx";
import { Presenter } from "./Presenter.tsx";
import { Question } from "./Question.tsx";
import { Scenarios } from "./Scenarios.tsx";
import { useBoardKeys } from "./useBoardKeys.ts";
import { Workers } from "./Workers.tsx";

/** The board: the presenter view, or the teacher's full desk (diagram, scenarios, network, workers, controls). */
export function BoardApp() {
  const { store, connection } = useBoard();
  useBoardKeys(store, connection);
  const present = useBoardState((s) => s.present);
  return (
    <>
      {present ? <Presenter /> : <Desk />}
      <KeysHelp />
      <Question />
    </>
  );
}

function Desk() {
  const room = useBoardState((s) => s.room);
  const connected = useBoardState((s) => s.connected);
  const mode = useBoardState((s) => s.mode);
  const setHelpOpen = useBoardState((s) => s.setHelpOpen);
  return (
    <div className="board">
      <header className="board-header">
        <h1>
          Ordercast board <span className="muted">room</span> <span data-testid="board-room">{room}</span>
        </h1>
        <span className={`status ${connected ? "status-joined" : "status-reconnecting"}`} role="status">
          {connected ? "live" : "connecting…"}
        </span>
        <span className="board-mode" data-testid="board-mode">
          {ordering(mode).title}
        </span>
        <Agreement />
        <button type="button" className="keys-button" onClick={() => setHelpOpen(true)}>
          ? keys (p: presenter view)
        </button>
      </header>
      <div className="board-body">
        <main>
          <SpaceTime font={18} />
          <Scenarios />
          <NetworkHand />
          <Workers />
        </main>
        <aside>
          <Join />
          <Controls />
        </aside>
      </div>
    </div>
  );
}
