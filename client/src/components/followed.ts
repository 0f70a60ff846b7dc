import { useStore } from "zustand";
import { useWorker } from "../context.ts";

/** The seq the room follows (lit up everywhere it appears), or null. */
export function useFollowed(): number | null {
  return useStore(useWorker().connection.roomView, (s) => s.followed);
}

/** Follows `seq` for the whole room; following the seq already followed stops following. */
export function useFollowToggle(): (seq: number) => void {
  const { connection } = useWorker();
  return (seq) => connection.follow(connection.roomView.getState().followed === seq ? null : seq);
}

/**
 * A click handler for a list whose rows carry `data-seq`: a click on a row
 * follows its message (one handler for the list, not one per row).
 */
export function useFollowClick(): (event: { target: EventTarget }) => void {
  const toggle = useFollowToggle();
  return (event) => {
    const row = event.target instanceof Element ? event.target.closest("[data-seq]") : null;
    const seq = Number(row?.getAttribute("data-seq"));
    if (Number.isInteger(seq) && seq > 0) toggle(seq);
  };
}
