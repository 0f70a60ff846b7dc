import { useCallback, useSyncExternalStore } from "react";
import { frames } from "./frames.ts";

/**
 * The time now, updated every animation frame while `activeUntil` lies ahead:
 * a picture with something still moving redraws smoothly, an idle one costs
 * nothing (a page left open in a classroom for an hour must not burn a core).
 * The ticks run in the page's one frame callback (frames.ts), with the store's
 * updates: a frame with new messages and a tick renders once, not twice.
 */
export function useAnimationClock(activeUntil: number): number {
  const subscribe = useCallback(
    (changed: () => void) => {
      let stopped = false;
      // One tick even when nothing moves: the time shown is then the time `activeUntil` last changed.
      const tick = () => {
        if (stopped) return;
        changed();
        if (frames.time() < activeUntil) frames.next(tick);
      };
      frames.next(tick);
      return () => {
        stopped = true;
      };
    },
    [activeUntil],
  );
  return useSyncExternalStore(subscribe, frames.time);
}
