/**
 * Headers on every HTTP answer: a Content-Security-Policy, nosniff and no
 * referrer (the board's address and its export links carry the teacher key).
 *
 * What the built pages need, and so what the policy allows: scripts and the
 * stylesheet from the server itself (Vite emits no inline script in a build);
 * inline style attributes (React sets them through the CSSOM, which a policy
 * does not block; 'unsafe-inline' for styles is kept until the browser tests
 * have run without it); images from the server and `data:` (the favicons and
 * the board's QR code); fetch and WebSocket to the server itself.
 *
 * Framing: the board, and every answer that is not a page, may not be framed
 * (frame-ancestors 'none', X-Frame-Options DENY): the board holds the teacher
 * key and acts with it. The worker tab stays embeddable: the docs' screenshots
 * show tabs side by side in frames, and e2e/ordering.spec.ts checks that a
 * tab embedded in another site's frame works. Set TAB_FRAMEABLE to false to
 * forbid that too.
 */
import type { ServerResponse } from "node:http";

/** Whether other sites may frame the worker tab (see above). */
export const TAB_FRAMEABLE = true;

/** A Host header fit to be named in the policy (anything else is left out: 'self' covers it). */
const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/** The policy for one answer. `dev`: Vite's dev server, whose page has inline scripts. */
export function contentSecurityPolicy(options: { host: string | undefined; frameable: boolean; dev: boolean }): string {
  // 'self' covers ws: and wss: to the same host in current browsers; older ones need it named.
  const sockets = options.host && HOST.test(options.host) ? ` ws://${options.host} wss://${options.host}` : "";
  return [
    "default-src 'self'",
    `script-src 'self'${options.dev ? " 'unsafe-inline'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self'${sockets}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    ...(options.frameable ? [] : ["frame-ancestors 'none'"]),
  ].join("; ");
}

/** The board's page: never framed. */
export function isBoardPath(path: string): boolean {
  return path === "/board" || path === "/board/" || path === "/board.html";
}

/**
 * Sets the security headers on `res` before anything else writes it. `page`:
 * the answer may be the worker tab (served by the page handler, not the board).
 */
export function setSecurityHeaders(res: ServerResponse, options: { host: string | undefined; page: boolean; dev: boolean }): void {
  const frameable = options.page && TAB_FRAMEABLE;
  res.setHeader("Content-Security-Policy", contentSecurityPolicy({ host: options.host, frameable, dev: options.dev }));
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "no-referrer");
  if (!frameable) res.setHeader("X-Frame-Options", "DENY");
}
