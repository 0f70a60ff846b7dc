/**
 * The diagram's data from the board's store: lanes named and coloured as the
 * sequencer reports them, flights down to workers by seq. Memoised on the
 * store's fields, so a board message rebuilds it once.
 */
import { useMemo } from "react";
import { ORDER_PALETTE, orderColour } from "../../../../shared/colour.ts";
import type { BoardWorker } from "../../../../shared/protocol.ts";
import { useBoardState } from "../context.ts";
import type { DiagramData, DiagramFlight, DiagramLane } from "./model.ts";

/** Fields a newer sequencer adds to a worker (read so that an older one still draws). */
type Described = BoardWorker & { name?: string | null; colour?: number; offline?: [number, number | null][] };

/** What the board calls a worker: its scenario name (A, B, C) when it is a bot. */
export function workerName(worker: BoardWorker): string {
  return (worker as Described).name ?? `Process ${worker.id}`;
}

/** The colour of a worker's order: by the sequencer's order classes when it gives them. */
export function workerColour(worker: BoardWorker): string {
  const colour = (worker as Described).colour;
  if (typeof colour === "number") return ORDER_PALETTE[colour % ORDER_PALETTE.length] ?? "#000000";
  return orderColour(worker.digest);
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
      colour: workerColour(worker),
      online: worker.connected,
      offline: (worker as Described).offline ?? [],
      rows: rows.get(worker.id) ?? new Map(),
    }));
    const flights: DiagramFlight[] = boardFlights
      .filter((f) => f[1] === "down")
      .map(([, , worker, seq, dueAt, held]) => ({ worker, seq, dueAt, held }));
    return { messages, lanes, flights, followed };
  }, [workers, rows, messages, boardFlights, followed]);
}
