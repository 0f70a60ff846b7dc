/**
 * An in-memory connection between a WorkerDriver and a room's Session, for
 * workers that live inside the server process (scenario bots) or a
 * simulation. Both directions pass through the clock, as a real socket's
 * events would, so nothing re-enters the room while it is working.
 */

import type { Clock } from "../shared/clock.ts";
import { CloseCode } from "../shared/protocol.ts";
import type { DriverHandlers, DriverSocket } from "../shared/worker-driver.ts";
import type { RateLimiter } from "./limiter.ts";
import type { WorkerSocket } from "./room/types.ts";
import { Session, type SessionRoom } from "./session.ts";

/** Connects a driver to `room` (null: nothing listens, the connection is refused). */
export function pipeTo(room: SessionRoom | null, handlers: DriverHandlers, clock: Clock, limiter: RateLimiter | null = null): DriverSocket {
  const later = (run: () => void) => clock.after(0, run);
  if (!room) {
    later(() => handlers.close(CloseCode.Abnormal, "connection refused"));
    return { send: () => {}, close: () => {} };
  }
  let open = true;
  const serverSide: WorkerSocket = {
    send: (frame) => {
      if (open) later(() => open && handlers.message(frame));
    },
    close: (code, reason) => {
      if (!open) return;
      open = false;
      session.closed();
      later(() => handlers.close(code, reason));
    },
  };
  const session = new Session(room, serverSide, limiter, clock.now);
  later(() => open && handlers.open());
  return {
    send: (text) => {
      if (open) later(() => open && session.text(text));
    },
    close: (code, reason) => {
      if (!open) return;
      open = false;
      later(() => {
        session.closed();
        handlers.close(code === CloseCode.Dropped ? CloseCode.Abnormal : code, reason);
      });
    },
  };
}
