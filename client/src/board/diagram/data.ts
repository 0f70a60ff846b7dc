/**
 * The diagram's data from the board's store: lanes named and coloured as the
 * sequencer reports them, flights down to workers by seq. Memoised on the
 * store's fields, so a board message rebuilds it once.
 */
import { useMemo } from "react";
import { orderColour } from "../../../../shared/colour.ts";
import type { BoardWorker } from "../../../../shared/protocol.ts";
import { useBoardState } from "../context.ts";
import type { DiagramData, DiagramFlight, DiagramLane } from "./model.ts";

/** What the board calls a worker: its scenario name (A, B, C) when it is a bot. */
export function workerName(worker: BoardWorker): string {
  return worker.name ?? `Process ${worker.id}`;
}

/** What the board calls worker `id`, among `workers` (one that left: its id). */
export function nameOf(workers: readonly BoardWorker[], id: number): string {
  const worker = workers.find((w) => w.id === id);
  return worker ? workerName(worker) : `Process ${id}`;
}

export function useDiagramData(): DiagramData {
  const workers = useBoardState((s) => s.workers);
  const rows = useBoardState((s) => s.lanes);
  const messages = useBoardState((s) => s.stamps);
  const boardFlights = useBoardState((s) => s.flights);
  const followed = useBoardState((s) => s.followed);
  return useMemo(() => {
    // Scenario bots first (the scenario's text names them), then the followed message's sender, then by joining.
    const sender = followed === null ? undefined : messages.get(followed)?.from;
    const rank = (w: BoardWorker) => (w.name !== null ? 0 : w.id === sender ? 1 : 2);
    const ordered = [...workers].sort((a, b) => rank(a) - rank(b));
    const lanes: DiagramLane[] = ordered.map((worker) => ({
      id: worker.id,
      name: workerName(worker),
      colour: orderColour(worker.colour),
      order: worker.colour,
      online: worker.connected,
      offline: worker.offline,
      rows: rows.get(worker.id) ?? new Map(),
    }));
    const flights: DiagramFlight[] = boardFlights
      .filter((f) => f[1] === "down")
      .map(([, , worker, seq, dueAt, held]) => ({ worker, seq, dueAt, held }));
    return { messages, lanes, flights, followed };
  }, [workers, rows, messages, boardFlights, followed]);
}
