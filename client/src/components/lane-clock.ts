import { type RefObject, useEffect, useRef } from "react";
import { lanePercent } from "../lane.ts";

/** The time the lane's positions are measured from: markers are placed relative to it once. */
export const LANE_ORIGIN = Date.now();

/** The class of the lane's marker layer (LaneMarks), the one thing the clock moves. */
export const LAYER_CLASS = "lane-time";

/** One animation covers at most this long; the next takes over where it ends. */
const STRETCH_MS = 60_000;

/**
 * Moves the lane's time axis so that it ends now, while `activeUntil` lies
 * ahead (an idle lane costs nothing). It renders nothing: the one marker
 * layer under `ref` slides at the clock's pace by a linear transform
 * animation, which the compositor runs by itself, so a frame costs the main
 * thread nothing at all. (Writing the transform every animation frame
 * restyled the layer each frame, a third of the tab's style work in a
 * lecture; moving each row's markers, or a CSS variable inherited by the
 * whole lane, restyled and repainted every row each frame.)
 */
export function useLaneClock<T extends HTMLElement>(activeUntil: number, windowMs: number): RefObject<T | null> {
  const ref = useRef<T>(null);
  useEffect(() => {
    const layers = [...(ref.current?.getElementsByClassName(LAYER_CLASS) ?? [])].filter((e) => e instanceof HTMLElement);
    const at = (now: number) => `translateX(${(-lanePercent(now - windowMs, LANE_ORIGIN, windowMs)).toFixed(3)}%)`;
    let animations: Animation[] = [];
    const slide = (from: number) => {
      const to = Math.min(activeUntil, from + STRETCH_MS);
      // The layer's own place is where the animation ends, so it stays there when the animation does.
      for (const layer of layers) layer.style.transform = at(Math.max(from, to));
      if (to <= from) return;
      animations = layers.map((layer) => {
        const animation = layer.animate([{ transform: at(from) }, { transform: at(to) }], { duration: to - from, easing: "linear" });
        animation.onfinish = () => {
          if (layer === layers[0]) slide(to);
        };
        return animation;
      });
    };
    slide(Date.now());
    return () => {
      for (const animation of animations) animation.onfinish = null;
      // Where the layer stands now stays its place until the next effect moves it on.
      const now = Math.min(Date.now(), activeUntil);
      for (const layer of layers) layer.style.transform = at(now);
      for (const animation of animations) animation.cancel();
    };
  }, [activeUntil, windowMs]);
  return ref;
}
