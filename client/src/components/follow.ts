import { type RefObject, type UIEvent, useEffect, useRef } from "react";

/**
 * Keeps a scrolling list at its bottom as rows are added, unless the reader
 * scrolled up to look at something; scrolling back down follows again.
 *
 * `change` should change only when the list's height may have (its row count,
 * say): reading scrollHeight forces a layout, so the scroll is done at most
 * once per animation frame, just before it is drawn, and not for updates that
 * leave the height alone (at the bottom with a full list, it stays there).
 */
export function useFollowBottom<T extends HTMLElement>(change: unknown): { ref: RefObject<T | null>; onScroll: (e: UIEvent<T>) => void } {
  const ref = useRef<T>(null);
  const pinned = useRef(true);
  const frame = useRef(0);
  // Where this hook last scrolled to: a scroll event arrives a frame later, when rows added in
  // between may have moved the bottom further down; at or below this point it is still ours.
  const ours = useRef(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `change` is what should trigger the scroll
  useEffect(() => {
    if (!pinned.current || frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      const el = ref.current;
      if (el && pinned.current) {
        el.scrollTop = el.scrollHeight;
        ours.current = el.scrollTop;
      }
    });
  }, [change]);
  useEffect(
    () => () => {
      cancelAnimationFrame(frame.current);
      frame.current = 0;
    },
    [],
  );
  const onScroll = (e: UIEvent<T>) => {
    const el = e.currentTarget;
    // Only the reader scrolling up stops the following; back at the bottom, it follows again.
    pinned.current = el.scrollTop >= ours.current - 1 || el.scrollTop + el.clientHeight >= el.scrollHeight - 4;
  };
  return { ref, onScroll };
}
