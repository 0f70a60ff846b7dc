import { useEffect, useRef } from "react";
import { ordering } from "../../../shared/ordering/modes.ts";
import { useBoard, useBoardState } from "./context.ts";

/**
 * The keys that start the room afresh ask first: `r` (reset) and `o` (switch
 * the ordering, which also resets). Enter, or the button, goes ahead; Esc cancels.
 */
export function Question() {
  const { connection } = useBoard();
  const question = useBoardState((s) => s.question);
  const mode = useBoardState((s) => s.mode);
  const ask = useBoardState((s) => s.ask);
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (question) confirm.current?.focus();
  }, [question]);
  if (!question) return null;
  const next = mode === "total" ? "none" : "total";
  const title = question === "reset" ? "Reset the room?" : `Switch to ${ordering(next).label}?`;
  return (
    <div
      className="overlay"
      role="alertdialog"
      aria-label={title}
      data-testid="question"
      onKeyDown={(e) => {
        if (e.key === "Escape") ask(null);
      }}
    >
      <h2>{title}</h2>
      <p>Every tab's log is emptied and the room starts afresh.</p>
      <div className="hand-buttons">
        <button
          type="button"
          ref={confirm}
          onClick={() => {
            ask(null);
            if (question === "reset") connection.reset();
            else connection.configure({ mode: next });
          }}
        >
          {question === "reset" ? "Reset" : "Switch"}
        </button>
        <button type="button" onClick={() => ask(null)}>
          Cancel
        </button>
      </div>
    </div>
  );
}
