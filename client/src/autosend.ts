/**
 * The tab's auto-send, outside React: while Auto is on and the tab is joined,
 * it sends random 9-digit numbers through the pacing the CLI worker uses too.
 * A change of rate starts the pacing anew.
 */
import { type Pacer, startPacing } from "../../shared/pacing.ts";
import { nineDigits, type Random } from "../../shared/random.ts";
import type { WorkerState } from "./slices/types.ts";
import type { WorkerStore } from "./store.ts";

export interface AutoSendDeps {
  readonly store: WorkerStore;
  /** Sends text; returns why not instead when it cannot be sent now. */
  readonly send: (data: string) => string | null;
  readonly random: Random;
  /** Runs `run` after `ms`; returns a cancel function. */
  readonly after: (ms: number, run: () => void) => () => void;
}

/** Follows the store's Auto switch and rate until the returned function is called. */
export function runAutoSend({ store, send, random, after }: AutoSendDeps): () => void {
  let pacer: Pacer | null = null;
  let rate = 0;
  const follow = (state: WorkerState) => {
    const wanted = state.auto && state.status === "joined" ? state.autoRate : 0;
    if (wanted === rate) return;
    pacer?.stop();
    pacer = null;
    rate = wanted;
    if (rate <= 0) return;
    // Each tab starts at a random phase: a class switched on together does not send in step.
    pacer = startPacing({ intervalMs: 1000 / rate, start: "phase" }, { after, random, send: () => send(nineDigits(random)) === null });
  };
  follow(store.getState());
  const unsubscribe = store.subscribe(follow);
  return () => {
    unsubscribe();
    pacer?.stop();
  };
}
