import { type FormEvent, useEffect, useState } from "react";
import { ORDERING_MODES } from "../../../shared/ordering/modes.ts";
import type { OrderingMode } from "../../../shared/protocol.ts";
import { useBoard, useBoardState } from "./context.ts";
import { draftOf, NETWORK_FIELDS, type NetworkDraft, type NetworkField, networkOf } from "./network-form.ts";

/** The teacher's controls, live for the whole room; the server refuses them without the key. */
export function Controls() {
  const { connection } = useBoard();
  const key = useBoardState((s) => s.key);
  const network = useBoardState((s) => s.network);
  const mode = useBoardState((s) => s.mode);
  const error = useBoardState((s) => s.error);
  const notice = useBoardState((s) => s.notice);
  const setKey = useBoardState((s) => s.setKey);
  const showError = useBoardState((s) => s.showError);
  const [draft, setDraft] = useState<NetworkDraft>({ delay: "", jitter: "", loss: "", dup: "" });

  // Show the room's settings when they change (not on every board message: the teacher may be typing).
  const { delay, jitter, loss, dup } = network ?? { delay: Number.NaN, jitter: Number.NaN, loss: Number.NaN, dup: Number.NaN };
  useEffect(() => {
    if (Number.isNaN(delay)) return;
    setDraft(draftOf({ delay, jitter, loss, dup }));
  }, [delay, jitter, loss, dup]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const asked = networkOf(draft);
    if (asked.ok) connection.configure({ network: asked.network });
    else showError(asked.error);
  };
  const field = (name: NetworkField) => (
    <label className="control">
      {NETWORK_FIELDS[name].label}
      <span>
        <input
          type="number"
          min={0}
          step="any"
          value={draft[name]}
          onChange={(e) => setDraft({ ...draft, [name]: e.target.value })}
          aria-label={NETWORK_FIELDS[name].label}
        />{" "}
        {NETWORK_FIELDS[name].unit}
      </span>
    </label>
  );

  return (
    <section className="controls-panel" aria-label="Teacher controls">
      <h2>Teacher controls</h2>
      <label className="control">
        Teacher key
        <input
          type="password"
          value={key}
          autoComplete="off"
          onChange={(e) => setKey(e.target.value)}
          aria-label="Teacher key"
          placeholder="printed by the server at start"
        />
      </label>
      <form onSubmit={apply} className="network-form">
        {field("delay")}
        {field("jitter")}
        {field("loss")}
        {field("dup")}
        <button type="submit">Apply network</button>
      </form>
      <label className="control">
        Ordering
        <select
          value={mode}
          aria-label="Ordering"
          onChange={(e) => {
            const next = e.target.value as OrderingMode;
            if (next !== mode) connection.configure({ mode: next });
          }}
        >
          {ORDERING_MODES.map((o) => (
            <option key={o.mode} value={o.mode}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      <p className="muted small">Changing the ordering starts the room afresh: every tab rejoins with an empty log.</p>
      <button type="button" onClick={() => connection.reset()}>
        Reset room
      </button>
      {error && (
        <p className="error" role="alert" data-testid="board-error">
          {error}
        </p>
      )}
      {notice && !error && (
        <p className="muted" role="status">
          {notice}
        </p>
      )}
    </section>
  );
}
