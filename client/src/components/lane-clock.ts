import { type RefObject, useEffect, useRef } from "react";
import { lanePercent } from "../lane.ts";

/** The time the lane's positions are measured from: markers are placed relative to it once. */
export const LANE_ORIGIN = Date.now();

/** The class of the lane's marker layer (LaneMarks), the one thing the clock moves. */
export const LAYER_CLASS = "lane-time";

/**
 * Moves the lane's time axis so that it ends now, every animation frame while
 * `activeUntil` lies ahead (an idle lane costs nothing). It renders nothing
 * and writes only the transform of the one marker layer under `ref`, which
 * has a compositing layer of its own: a frame lays out nothing, restyles one
 * element and repaints nothing. (Moving each row's markers, or a CSS variable
 * inherited by the whole lane, restyled and repainted every row each frame.)
 */
export function useLaneClock<T extends HTMLElement>(activeUntil: number, windowMs: number): RefObject<T | null> {
  const ref = useRef<T>(null);
  useEffect(() => {
    const layers = ref.current?.getElementsByClassName(LAYER_CLASS);
    const move = (now: number) => {
      const shift = `translateX(${(-lanePercent(now - windowMs, LANE_ORIGIN, windowMs)).toFixed(3)}%)`;
      for (const layer of layers ?? []) if (layer instanceof HTMLElement) layer.style.transform = shift;
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
