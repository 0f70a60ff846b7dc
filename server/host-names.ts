/**
 * The names this machine answers to, for the Host check (origin.ts,
 * hostAllowed): its interface addresses and its host name, read again at most
 * every few seconds because a laptop's addresses change as it moves between
 * networks.
 */
import { hostname, networkInterfaces } from "node:os";

const REFRESH_MS = 5000;

/** The machine's addresses (IPv6 in brackets, without zone) and host names, plus `extra`. */
export function machineNames(extra: readonly string[] = []): string[] {
  const addresses = Object.values(networkInterfaces())
    .flat()
    .flatMap((info) => (info ? [info.family === "IPv6" ? `[${info.address.split("%")[0]}]` : info.address] : []));
  const name = hostname().toLowerCase();
  const names = name ? [name, `${name}.local`, name.split(".")[0] ?? name] : [];
  return [...addresses, ...names, ...extra.map((entry) => entry.toLowerCase())];
}

/** machineNames, cached for a few seconds. */
export function serverNames(extra: readonly string[] = [], now: () => number = Date.now): () => readonly string[] {
  let names: readonly string[] = [];
  let readAt = Number.NEGATIVE_INFINITY;
  return () => {
    if (now() - readAt >= REFRESH_MS) {
      names = machineNames(extra);
      readAt = now();
    }
    return names;
  };
}
