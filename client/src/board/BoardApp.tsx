import { ordering } from "../../../shared/ordering/modes.ts";
import { Agreement } from "./Agreement.tsx";
import { Controls } from "./Controls.tsx";
import { useBoardState } from "./context.ts";
import { Join } from "./Join.tsx";
import { NetworkHand } from "./NetworkHand.tsx";
import { Scenarios } from "./Scenarios.tsx";
import { SpaceTime } from "./SpaceTime.tsx";
import { Workers } from "./Workers.tsx";

export function BoardApp() {
  const room = useBoardState((s) => s.room);
  const connected = useBoardState((s) => s.connected);
  const mode = useBoardState((s) => s.mode);
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
      </header>
      <div className="board-body">
        <main>
          <SpaceTime />
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
