import { useBoard, useBoardState } from "./context.ts";
import { nameOf } from "./diagram/data.ts";

const SLOWDOWNS = [1, 2, 5, 10];
const AUTO_RATES = [0, 0.5, 1, 2, 5];

/**
 * The teacher's hand on the network: pause it, release the next message,
 * slow it down, make every tab send, and act on any one message in flight.
 */
export function NetworkHand() {
  const { connection } = useBoard();
  const paused = useBoardState((s) => s.paused);
  const slowdown = useBoardState((s) => s.slowdown);
  const auto = useBoardState((s) => s.auto);
  const flights = useBoardState((s) => s.flights);
  const workers = useBoardState((s) => s.workers);
  const offset = useBoardState((s) => s.clockOffset);
  const now = Date.now() + offset;
  return (
    <section className="network-hand" aria-label="Network">
      <h2>Network {paused && <span className="paused-flag">paused</span>}</h2>
      <div className="hand-buttons">
        <button type="button" onClick={() => connection.control({ action: paused ? "resume" : "pause" })}>
          {paused ? "Resume" : "Pause"}
        </button>
        <button type="button" onClick={() => connection.control({ action: "step" })} disabled={!paused}>
          Step
        </button>
        <label>
          Slow motion{" "}
          <select
            value={slowdown}
            aria-label="Slow motion"
            onChange={(e) => connection.control({ action: "slow", factor: Number(e.target.value) })}
          >
            {SLOWDOWNS.map((f) => (
              <option key={f} value={f}>
                {f === 1 ? "off" : `${f}× slower`}
              </option>
            ))}
          </select>
        </label>
        <label>
          Every tab sends{" "}
          <select
            value={auto}
            aria-label="Auto-send for all"
            onChange={(e) => connection.control({ action: "autosend", rate: Number(e.target.value) })}
          >
            {AUTO_RATES.map((r) => (
              <option key={r} value={r}>
                {r === 0 ? "on its own" : `${r} / s`}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="table-scroll">
        <table className="flights">
          <caption>
            In flight <span className="muted">({flights.length})</span>
          </caption>
          <thead>
            <tr>
              <th scope="col">Message</th>
              <th scope="col">Due</th>
              <th scope="col">Act</th>
            </tr>
          </thead>
          <tbody>
            {flights.slice(0, 12).map(([id, direction, worker, number, dueAt, held]) => (
              <tr key={id} data-testid="flight" data-flight={id} data-held={held}>
                <td>
                  {direction === "down"
                    ? `#${number} → ${nameOf(workers, worker)}`
                    : `${nameOf(workers, worker)}'s send ${number} → sequencer`}
                </td>
                <td>{held ? "held" : dueAt <= now ? "due" : `${((dueAt - now) / 1000).toFixed(1)} s`}</td>
                <td className="flight-actions">
                  <button type="button" onClick={() => connection.control({ action: held ? "release" : "hold", id })}>
                    {held ? "Release" : "Hold"}
                  </button>
                  <button type="button" onClick={() => connection.control({ action: "drop", id })}>
                    Drop
                  </button>
                  <button type="button" onClick={() => connection.control({ action: "duplicate", id })}>
                    Duplicate
                  </button>
                  <button type="button" onClick={() => connection.control({ action: "deliver", id })}>
                    Deliver now
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
