/**
 * The process's limit on open files, read once at start, so the server can
 * warn when --max-connections could run into it: past the limit, accepting a
 * socket fails and the log cannot open its file.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { hardLimit } from "./address-limits.ts";

/** A room's log holds its append handle and, while a worker catches up, a read handle. */
export const FILES_PER_ROOM = 2;

/** Node itself, the page's files being served, Vite's watchers in --dev. */
export const RESERVED_FILES = 100;

/** The soft limit from the text of /proc/self/limits; Infinity for "unlimited", null when absent. */
export function parseSoftFileLimit(limits: string): number | null {
  const match = /^Max open files\s+(\d+|unlimited)\s/m.exec(limits);
  if (!match?.[1]) return null;
  return match[1] === "unlimited" ? Number.POSITIVE_INFINITY : Number(match[1]);
}

/** The soft limit on open files (`ulimit -n`), or null when it cannot be read. */
export function softFileLimit(): number | null {
  try {
    return parseSoftFileLimit(readFileSync("/proc/self/limits", "utf8"));
  } catch {
    // Not Linux: ask a shell, which inherits this process's limit.
    const shell = spawnSync("sh", ["-c", "ulimit -n"], { encoding: "utf8" });
    const text = shell.stdout?.trim() ?? "";
    if (text === "unlimited") return Number.POSITIVE_INFINITY;
    return /^\d+$/.test(text) ? Number(text) : null;
  }
}

/** The largest --max-connections whose sockets, with the rooms' log files and a reserve, fit in `soft` descriptors. */
export function fittingConnections(rooms: number, filesPerRoom: number, soft: number): number {
  const room = Math.max(0, soft - rooms * filesPerRoom - RESERVED_FILES);
  let fits = Math.ceil(room / 1.1);
  while (fits > 0 && hardLimit(fits) > room) fits--;
  return fits;
}

/**
 * One line of warning when the sockets the server may hold, the rooms' log
 * files and a reserve could need more descriptors than `soft`; null when they fit.
 */
export function descriptorWarning(maxConnections: number, rooms: number, filesPerRoom: number, soft: number | null): string | null {
  if (soft === null) return null;
  const needed = hardLimit(maxConnections) + rooms * filesPerRoom + RESERVED_FILES;
  if (needed <= soft) return null;
  const fits = fittingConnections(rooms, filesPerRoom, soft);
  return (
    `ordercast: warning: --max-connections ${maxConnections} may need about ${needed} open files, but this process may ` +
    `open ${soft} (ulimit -n); raise it (ulimit -n ${needed}) or use --max-connections ${fits} or less`
  );
}
