/** For tests: waiting on a zustand store, never forever. */
import type { StoreApi } from "zustand/vanilla";

/** How long a test waits for a store to reach a state: well under the test's own timeout, so this message is what a failure shows. */
export const WAIT_MS = 10_000;

/**
 * Resolves once `check` holds for the store's state. Rejects after `ms`,
 * naming what it waited for and, through `whereIs`, where the store stood.
 */
export function until<T>(
  store: StoreApi<T>,
  what: string,
  check: (state: T) => boolean,
  whereIs: (state: T) => string = () => "",
  ms = WAIT_MS,
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (check(store.getState())) return resolve();
    const timer = setTimeout(() => {
      unsubscribe();
      const where = whereIs(store.getState());
      reject(new Error(`waited ${ms} ms for ${what}${where ? `; ${where}` : ""}`));
    }, ms);
    const unsubscribe = store.subscribe((state) => {
      if (!check(state)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve();
    });
  });
}
