/**
 * Reading server frames as bytes, for load generators: no string, no JSON per
 * frame, so a client process's own garbage collection stays out of what it measures.
 */

export const STAMPED = Buffer.from('{"type":"stamped"');
export const WELCOME = Buffer.from('{"type":"welcome"');

export function startsWith(frame: Buffer, prefix: Buffer): boolean {
  return frame.length >= prefix.length && frame.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;
}

/** The decimal number right after `marker` in the frame, or -1. */
export function numberAfter(frame: Buffer, marker: Buffer): number {
  const at = frame.indexOf(marker);
  if (at < 0) return -1;
  let value = 0;
  for (let i = at + marker.length; i < frame.length; i++) {
    const c = frame[i] ?? 0;
    if (c < 48 || c > 57) break;
    value = value * 10 + (c - 48);
  }
  return value;
}
