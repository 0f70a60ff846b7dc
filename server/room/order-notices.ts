/**
 * Tells each worker its order class (its colour) and how far behind it is,
 * when either changes: the colour on any change, the lag when it moves to
 * another power of ten (0, 1–9, 10–99, 100–999, …), so a busy room does not
 * send one per message (a lag of a few comes and goes all the time). The
 * board feed calls it a few times a second.
 */
import { serverFrame } from "../../shared/protocol.ts";
import type { WorkerSocket } from "./types.ts";

/** 0 for no lag (its own class, so that a tab told "5 behind" is told when it has caught up), else its number of decimal digits. */
export function lagClass(lag: number): number {
  return lag <= 0 ? 0 : Math.floor(Math.log10(lag)) + 1;
}

export class OrderNotices {
  // What each connection was told last: [colour, lag class].
  private readonly told = new WeakMap<WorkerSocket, [number, number]>();

  /** Tells `socket` its colour and lag, unless it was told the same colour and lag class already. */
  update(socket: WorkerSocket, colour: number, lag: number): void {
    const last = this.told.get(socket);
    const lagged = lagClass(lag);
    if (last && last[0] === colour && last[1] === lagged) return;
    this.told.set(socket, [colour, lagged]);
    socket.send(serverFrame({ type: "order", colour, lag }));
  }
}
