/**
 * What the space-time diagram draws, as plain data: the stamped messages and
 * each worker's lane, on the sequencer's clock. The board's store holds it;
 * the window (window.ts) and the scene (scene.ts) are pure functions of it,
 * so the same picture can later be drawn from a replayed run.
 */

/** One stamped message, as the sequencer saw it. */
export interface DiagramMessage {
  readonly seq: number;
  readonly stampedAt: number;
  /** The sender's worker id, when known. */
  readonly from: number | null;
  /** When the send left the sender (the uplink's start), when known. */
  readonly sentAt: number | null;
}

/** One message on one worker's lane. */
export interface DiagramRow {
  readonly seq: number;
  /** When the sequencer sent it down to this worker. */
  readonly sentAt: number;
  readonly arrivedAt: number;
  readonly deliveredAt: number | null;
}

/** A stamped message on its way down to a worker, due to land at `dueAt`. */
export interface DiagramFlight {
  readonly worker: number;
  readonly seq: number;
  readonly dueAt: number;
  readonly held: boolean;
}

/** One worker's lane. */
export interface DiagramLane {
  readonly id: number;
  /** "A", "B", … for a scenario's bots; "Process 1001" for the rest. */
  readonly name: string;
  /** The colour of its order: the same colour means the same order. */
  readonly colour: string;
  /** Its order class (0: the sequencer's order); from 8 on colours repeat, so the number is shown. */
  readonly order: number;
  readonly online: boolean;
  /** Times it was away: [from, to], `to` null while still away. */
  readonly offline: readonly (readonly [number, number | null])[];
  readonly rows: ReadonlyMap<number, DiagramRow>;
}

export interface DiagramData {
  readonly messages: ReadonlyMap<number, DiagramMessage>;
  readonly lanes: readonly DiagramLane[];
  readonly flights: readonly DiagramFlight[];
  /** The message being followed, if any. */
  readonly followed: number | null;
}
