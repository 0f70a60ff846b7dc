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

export function useDiagramData(): DiagramData {
  const workers = useBoardState((s) => s.workers);
  const rows = useBoardState((s) => s.lanes);
  const messages = useBoardState((s) => s.stamps);
  const boardFlights = useBoardState((s) => s.flights);
  const followed = useBoardState((s) => s.followed);
  return useMemo(() => {
    const lanes: DiagramLane[] = workers.map((worker) => ({
      id: worker.id,
      name: workerName(worker),
      colour: orderColour(worker.colour),
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
