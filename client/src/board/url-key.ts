/**
 * The teacher key in the board's address (/board?key=…, as the server prints
 * it): read once, kept for this tab, and taken out of the address bar, so it
 * does not stay on a projected screen, in the history, or in a copied link.
 */
import type { IdentityStore } from "../connection.ts";

export const KEY_ITEM = "ordercast-key";

/** The parts of `history` this needs. */
export interface AddressHistory {
  readonly state: unknown;
  replaceState(data: unknown, unused: string, url: string): void;
}

/** `href` without its `key` parameter; null when it has none. */
export function withoutKey(href: string): string | null {
  const url = new URL(href);
  if (!url.searchParams.has("key")) return null;
  url.searchParams.delete("key");
  return url.href;
}

/** The key from the address (then removed from it) or the one this tab kept; "" when neither. */
export function takeBoardKey(href: string, history: AddressHistory, storage: IdentityStore): string {
  const key = new URL(href).searchParams.get("key") ?? storage.getItem(KEY_ITEM) ?? "";
  if (key) storage.setItem(KEY_ITEM, key);
  const cleaned = withoutKey(href);
  if (cleaned !== null) history.replaceState(history.state, "", cleaned);
  return key;
}
