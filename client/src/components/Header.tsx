import { useStore } from "zustand";
import { orderColour } from "../../../shared/colour.ts";
import { ordering } from "../../../shared/ordering/modes.ts";
import { useWorker, useWorkerState } from "../context.ts";
import { ownOrderClass } from "../room-view.ts";

const STATUS_TEXT = { connecting: "connecting…", joined: "connected", reconnecting: "reconnecting", closed: "disconnected" };

export function Header() {
  const workerId = useWorkerState((s) => s.workerId);
  const status = useWorkerState((s) => s.status);
  const detail = useWorkerState((s) => s.statusDetail);
  const count = useWorkerState((s) => s.deliveredCount);
  const digest = useWorkerState((s) => s.digest);
  const network = useWorkerState((s) => s.network);
  const room = useWorkerState((s) => s.room);
  const mode = useWorkerState((s) => s.mode);
  const view = useWorker().connection.roomView;
  const told = useStore(view, (s) => s.colour);
  const lag = useStore(view, (s) => s.lag);
  // Until the sequencer says, a tab can tell only whether it holds the sequencer's own order (in total order it does by construction).
  const own = useWorkerState((s) => (told !== null ? null : s.mode === "total" ? 0 : ownOrderClass(s.delivered, s.deliveredCount)));
  const colour = told ?? own;
  const paint = colour === null ? "transparent" : orderColour(colour);
  const lagging = told !== null && lag > 0;
  return (
    <header className="header" style={{ borderTopColor: paint }}>
      <h1>Ordercast</h1>
      <div className="room">
        Room <b data-testid="room">{room}</b> · <a href={`/board${room === "default" ? "" : `?room=${encodeURIComponent(room)}`}`}>board</a>
      </div>
      <div className="process">
        Process ID = <span data-testid="worker-id">{workerId ?? "…"}</span>
      </div>
      <div className={`status status-${status}`} data-testid="status" role="status">
        {STATUS_TEXT[status]}
        {detail && <span className="status-detail"> — {detail}</span>}
      </div>
      <dl className="stats">
        <div>
          <dt>Delivered</dt>
          <dd data-testid="delivered-count">{count}</dd>
        </div>
        <div title="The colour of this tab's order: tabs with the same colour delivered the same messages in the same order, as far as both have got (one may lag behind). The digest: the first 12 hex digits of the SHA-256 of this tab's Delivered log lines.">
          <dt>Order</dt>
          <dd className="digest">
            <span className="swatch" data-testid="order-colour" data-colour={colour ?? "unknown"} style={{ background: paint }}>
              {colour !== null && colour >= 8 ? colour : ""}
            </span>
            {colour === 0 ? "the sequencer's order" : colour === null ? "not compared yet" : `order ${colour}`} ·{" "}
            <span data-testid="order-digest">{digest}</span>
            {/* Always laid out, shown only while behind: as a tab falls behind and catches up, the line
                keeps its length, so the Send button below does not jump under a student's click. */}
            <span className="muted lag" data-shown={lagging} aria-hidden={!lagging}>
              {" "}
              · {lagging ? lag : 0} behind
            </span>
          </dd>
        </div>
        <div>
          <dt>Ordering</dt>
          <dd data-testid="mode">{ordering(mode).brief}</dd>
        </div>
        {network && (
          <div>
            <dt>Network</dt>
            <dd>
              {network.delay} ms + 0..{network.jitter} ms
              {network.loss > 0 && `, ${Math.round(network.loss * 100)}% lost`}
              {network.dup > 0 && `, ${Math.round(network.dup * 100)}% doubled`}
            </dd>
          </div>
        )}
      </dl>
    </header>
  );
}
