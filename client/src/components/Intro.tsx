import { useWorkerState } from "../context.ts";

/** What the page shows, in words that match the ordering mode (no hold-back talk with ordering off). */
export function Intro() {
  const mode = useWorkerState((s) => s.mode);
  const common =
    "Every tab is a worker. The sequencer stamps each message with the next global timestamp (seq) and sends it to every worker over a simulated network, so messages overtake each other.";
  return (
    <p className="explain" data-testid="intro">
      {common}{" "}
      {mode === "none"
        ? "Ordering is off: each tab delivers every message the moment it arrives, so tabs can deliver different orders. The colour beside the order shows which tabs agree."
        : "A message that arrives early waits in the hold-back queue until all before it are delivered: every tab delivers the same order."}
    </p>
  );
}
