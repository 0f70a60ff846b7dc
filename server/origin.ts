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

/**
 * The host name of a Host header, lower case, without its port or a trailing
 * dot ("[::1]:8080" → "[::1]"); null when there is none or it is malformed.
 */
export function hostName(host: string | undefined): string | null {
  if (!host) return null;
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::\d{1,5})?$/i.exec(host.trim());
  if (!match?.[1]) return null;
  return match[1].toLowerCase().replace(/\.$/, "");
}

/**
 * Whether a request's Host header names this server: one of `allowed` (host
 * names or addresses, IPv6 in brackets, no ports; "*": any), or localhost.
 * Against DNS rebinding: a page at attacker.example rebound to this machine
 * sends Host and Origin both as attacker.example, which the origin check alone
 * takes for the page's own origin.
 */
export function hostAllowed(host: string | undefined, allowed: Iterable<string>): boolean {
  const name = hostName(host);
  if (name === null) return false;
  if (LOCAL.has(name)) return true;
  for (const entry of allowed) if (entry === "*" || entry.toLowerCase() === name) return true;
  return false;
}

/** The host names of --origin entries ("http://class.example:8080" → "class.example"), for hostAllowed. */
export function originHosts(origins: readonly string[]): string[] {
  return origins.flatMap((origin) => {
    if (origin === "*") return ["*"];
    try {
      return [new URL(origin).hostname.toLowerCase()];
    } catch {
      return [];
    }
  });
}
