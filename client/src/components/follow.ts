import { type RefObject, type UIEvent, useLayoutEffect, useRef } from "react";

/**
 * Keeps a scrolling list at its bottom as rows are added, unless the reader
 * scrolled up to look at something; scrolling back down follows again.
 */
export function useFollowBottom<T extends HTMLElement>(change: unknown): { ref: RefObject<T | null>; onScroll: (e: UIEvent<T>) => void } {
  const ref = useRef<T>(null);
  const pinned = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `change` is what should trigger the scroll
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [change]);
  const onScroll = (e: UIEvent<T>) => {
    const el = e.currentTarget;
    pinned.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 4;
  };
  return { ref, onScroll };
}
