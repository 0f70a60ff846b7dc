import { type FormEvent, useEffect, useState } from "react";
import type { OrderingMode } from "../../../shared/protocol.ts";
import { useBoard, useBoardState } from "./context.ts";

/** The teacher's controls, live for the whole room; the server refuses them without the key. */
export function Controls() {
  const { store, connection } = useBoard();
  const key = useBoardState((s) => s.key);
  const network = useBoardState((s) => s.network);
  const mode = useBoardState((s) => s.mode);
  const error = useBoardState((s) => s.error);
  const notice = useBoardState((s) => s.notice);
  const [draft, setDraft] = useState({ delay: "", jitter: "", loss: "", dup: "" });

  // Show the room's settings when they change (not on every board message: the teacher may be typing).
  const { delay, jitter, loss, dup } = network ?? { delay: Number.NaN, jitter: Number.NaN, loss: Number.NaN, dup: Number.NaN };
  useEffect(() => {
    if (Number.isNaN(delay)) return;
    setDraft({ delay: String(delay), jitter: String(jitter), loss: String(loss * 100), dup: String(dup * 100) });
  }, [delay, jitter, loss, dup]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const number = (text: string) => Number(text);
    const values = {
      delay: number(draft.delay),
      jitter: number(draft.jitter),
      loss: number(draft.loss) / 100,
      dup: number(draft.dup) / 100,
    };
    if (Object.values(values).some((v) => !Number.isFinite(v) || v < 0) || values.loss > 1 || values.dup > 1) {
      store.setState({ error: "delay and jitter are 0 to 60000 ms; loss and duplication 0 to 100%", notice: null });
      return;
    }
    connection.configure({ network: values });
  };
  const field = (name: keyof typeof draft, label: string, unit: string) => (
    <label className="control">
      {label}
      <span>
        <input
          type="number"
          min={0}
          step="any"
          value={draft[name]}
          onChange={(e) => setDraft({ ...draft, [name]: e.target.value })}
          aria-label={label}
        />{" "}
        {unit}
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
          onChange={(e) => store.setState({ key: e.target.value })}
          aria-label="Teacher key"
          placeholder="printed by the server at start"
        />
      </label>
      <form onSubmit={apply} className="network-form">
        {field("delay", "Delay", "ms")}
        {field("jitter", "Jitter", "ms")}
        {field("loss", "Loss", "%")}
        {field("dup", "Duplication", "%")}
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
          <option value="total">total order (sequencer)</option>
          <option value="none">no ordering (deliver on arrival)</option>
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
