import type { IdentityStore } from "./connection.ts";

/**
 * The tab's sessionStorage, or a store in memory when the browser refuses it
 * (a page embedded in another site's frame, some private modes): the page
 * must still work, only without keeping its identity across reloads.
 */
export function tabStorage(): IdentityStore {
  try {
    const storage = window.sessionStorage;
    const probe = "ordercast-probe";
    storage.setItem(probe, probe);
    storage.removeItem(probe);
    return storage;
  } catch {
    const items = new Map<string, string>();
    return { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
  }
}
