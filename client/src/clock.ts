import { useEffect, useState } from "react";

/**
 * The time now, updated every animation frame while `activeUntil` lies ahead:
 * a picture with something still moving redraws smoothly, an idle one costs
 * nothing (a page left open in a classroom for an hour must not burn a core).
 */
export function useAnimationClock(activeUntil: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (activeUntil <= Date.now()) {
      setNow(Date.now());
      return;
    }
    let frame = requestAnimationFrame(function tick() {
      const time = Date.now();
      setNow(time);
      if (time < activeUntil) frame = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(frame);
  }, [activeUntil]);
  return now;
}
