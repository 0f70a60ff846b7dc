import { type RefObject, useEffect, useRef } from "react";
import { lanePercent } from "../lane.ts";

/** The time the lane's positions are measured from: markers are placed relative to it once. */
export const LANE_ORIGIN = Date.now();

/** The CSS variable holding how far the lane's marker layers are shifted left, in percent of a track. */
export const SHIFT_VARIABLE = "--lane-shift";

/**
 * Moves the lane's time axis so that it ends now, every animation frame while
 * `activeUntil` lies ahead (an idle lane costs nothing). It writes one CSS
 * variable on the element and renders nothing: rows keep their markers where
 * they are, and the browser only re-transforms their marker layers.
 */
export function useLaneClock<T extends HTMLElement>(activeUntil: number, windowMs: number): RefObject<T | null> {
  const ref = useRef<T>(null);
  useEffect(() => {
    const move = (now: number) => {
      ref.current?.style.setProperty(SHIFT_VARIABLE, lanePercent(now - windowMs, LANE_ORIGIN, windowMs).toFixed(3));
    };
    move(Date.now());
    if (activeUntil <= Date.now()) return;
    let frame = requestAnimationFrame(function tick() {
      const time = Date.now();
      move(time);
      if (time < activeUntil) frame = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(frame);
  }, [activeUntil, windowMs]);
  return ref;
}
