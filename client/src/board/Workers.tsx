import { orderColour } from "../../../shared/colour.ts";
import { useBoardState } from "./context.ts";
import { workerName } from "./diagram/data.ts";
import { heldText } from "./held.ts";

/** Each worker's delivered count and digest, with its order colour. */
export function Workers() {
  const workers = useBoardState((s) => s.workers);
  const room = useBoardState((s) => s.room);
  const key = useBoardState((s) => s.key);
  // Exports need the teacher key; a plain download link can only carry it in the query.
  const base = `/export?room=${encodeURIComponent(room)}&key=${encodeURIComponent(key)}`;
  return (
    <div className="table-scroll">
      <table className="board-workers">
        <caption>
          Workers{" "}
          {key && (
            <a href={base} download className="export-link">
              Export the run (JSON lines)
            </a>
          )}
        </caption>
        <thead>
          <tr>
            <th scope="col">Worker</th>
            <th scope="col">Delivered</th>
            <th scope="col">Behind</th>
            <th scope="col">Order digest</th>
            <th scope="col">Held back</th>
            <th scope="col">Log</th>
          </tr>
        </thead>
        <tbody>
          {workers.map((w) => (
            <tr key={w.id} data-testid="board-worker" data-worker={w.id}>
              <td data-online={String(w.connected)}>
                {workerName(w)}
                {w.name !== null && <span className="muted"> (process {w.id})</span>}
                {!w.connected && <span className="muted"> away</span>}
              </td>
              <td data-testid="board-delivered">{w.delivered}</td>
              <td data-testid="board-lag">{w.lag}</td>
              <td className="digest">
                <span className="swatch" style={{ background: orderColour(w.colour) }} data-colour={w.colour} />
                {w.colour >= 8 && <span>order {w.colour} </span>}
                <span data-testid="board-digest">{w.digest}</span>
              </td>
              <td>{heldText(w.held)}</td>
              <td>
                {key ? (
                  <a href={`${base}&worker=${w.id}`} download aria-label={`Export the log of ${workerName(w)}`}>
                    log
                  </a>
                ) : (
                  "—"
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
