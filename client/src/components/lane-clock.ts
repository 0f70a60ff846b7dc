import { type RefObject, useEffect, useRef } from "react";
import { lanePercent } from "../lane.ts";

/** The time the lane's positions are measured from: markers are placed relative to it once. */
export const LANE_ORIGIN = Date.now();

/** The class of a row's marker layer, the one thing the clock moves. */
export const LAYER_CLASS = "lane-time";

// The transform last given to the marker layers: a row rendered between frames starts where the others are.
let current = "none";

/** The marker layers' transform as of the last frame, for a row being rendered. */
export function laneShift(): string {
  return current;
}

/**
 * Moves the lane's time axis so that it ends now, every animation frame while
 * `activeUntil` lies ahead (an idle lane costs nothing). It renders nothing
 * and writes only the transform of each row's marker layer (about 40): rows
 * keep their markers where they are, so a frame lays out nothing and restyles
 * only those layers (a CSS variable inherited by the whole lane would restyle
 * every element in it).
 */
export function useLaneClock<T extends HTMLElement>(activeUntil: number, windowMs: number): RefObject<T | null> {
  const ref = useRef<T>(null);
  useEffect(() => {
    const layers = ref.current?.getElementsByClassName(LAYER_CLASS);
    const move = (now: number) => {
      current = `translateX(${(-lanePercent(now - windowMs, LANE_ORIGIN, windowMs)).toFixed(3)}%)`;
      for (const layer of layers ?? []) if (layer instanceof HTMLElement) layer.style.transform = current;
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
