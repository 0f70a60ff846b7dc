import { useEffect, useRef } from "react";
import { useBoard, useBoardState } from "./context.ts";

/** The `r` key asks before it empties the room: Enter (or the button) resets, Esc cancels. */
export function ResetQuestion() {
  const { connection } = useBoard();
  const asking = useBoardState((s) => s.askingReset);
  const setAsking = useBoardState((s) => s.setAskingReset);
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) confirm.current?.focus();
  }, [asking]);
  if (!asking) return null;
  return (
    <div
      className="overlay"
      role="alertdialog"
      aria-label="Reset the room?"
      data-testid="reset-question"
      onKeyDown={(e) => {
        if (e.key === "Escape") setAsking(false);
      }}
    >
      <h2>Reset the room?</h2>
      <p>Every tab's log is emptied and the room starts afresh.</p>
      <div className="hand-buttons">
        <button
          type="button"
          ref={confirm}
          onClick={() => {
            setAsking(false);
            connection.reset();
          }}
        >
          Reset
        </button>
        <button type="button" onClick={() => setAsking(false)}>
          Cancel
        </button>
      </div>
    </div>
  );
}
