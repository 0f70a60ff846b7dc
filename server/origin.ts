/**
 * Which browser pages may open a WebSocket to the sequencer. Browsers send
 * an Origin header; other clients (the CLI worker) do not, and are let in.
 * A page is allowed when it was served by this server (same host), from
 * localhost, or from an origin on the --origin list ("*": any). Pure.
 */
const LOCAL = new Set(["localhost", "127.0.0.1", "[::1]"]);

export function originAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (allowed.includes("*") || allowed.includes(origin)) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  return url.host === host || LOCAL.has(url.hostname);
}
