import { orderColour } from "../../../shared/colour.ts";
import { ordering } from "../../../shared/ordering/modes.ts";
import { useWorkerState } from "../context.ts";

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
  return (
    <header className="header" style={{ borderTopColor: orderColour(digest) }}>
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
        <div title="First 12 hex digits of the SHA-256 of this tab's Delivered log lines. Same order, same digest, same colour.">
          <dt>Order digest</dt>
          <dd className="digest">
            <span className="swatch" data-testid="order-colour" style={{ background: orderColour(digest) }} />
            <span data-testid="order-digest">{digest}</span>
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
