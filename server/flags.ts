/** What the server's and the CLI tools' flag parsers share. */
import { type ParseArgsConfig, parseArgs } from "node:util";

/** Thrown for a bad flag; its message is meant for the person who typed it. */
export class UsageError extends Error {}

/**
 * parseArgs, strict, with its errors turned into UsageErrors, and a clear
 * word for a negative number (which parseArgs would take for a flag).
 */
export function parseFlags<T extends NonNullable<ParseArgsConfig["options"]>>(argv: readonly string[], options: T) {
  for (let i = 0; i + 1 < argv.length; i++) {
    const flag = argv[i] ?? "";
    const next = argv[i + 1] ?? "";
    if (flag.startsWith("--") && /^-\d/.test(next)) throw new UsageError(`${flag} must not be negative, not "${next}"`);
  }
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** A whole number from `min` to `max`, or `fallback` when the flag is absent. */
export function wholeNumber(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${text}"`);
  }
  return Number(text);
}
