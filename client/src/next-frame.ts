import { useEffect, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { atNextFrame } from "./timers.ts";

/**
 * `value` as it was at the start of the latest frame: a change shows one frame after the update
 * that made it. The live lane reads its rows through this, so that under load its render, layout
 * and paint take a frame of their own instead of adding to the frame of the store update that
 * redraws the rest of the tab (together they overran a frame in a lecture hall). The first value
 * shows at once.
 */
export function useAtNextFrame<T>(value: T): T {
  const [shown, setShown] = useState(value);
  const latest = useRef(value);
  const asked = useRef(false);
  useEffect(() => {
    latest.current = value;
    if (asked.current || Object.is(value, shown)) return;
    asked.current = true;
    atNextFrame(() => {
      asked.current = false;
      // Rendered now, in this frame, rather than in a task after it.
      flushSync(() => setShown(latest.current));
    });
  });
  return shown;
}
