/**
 * Every fast-check property runs from one seed, so a run can be repeated:
 * $FC_SEED when set (a number, or "random" to explore), else a fixed default.
 * A failure names the seed and how to run it again; pin a seed that found a
 * bug as a named test with `checkProperty(property, { seed, path })`.
 */
import fc from "fast-check";

const DEFAULT_SEED = 20_251_125;

function seedFromEnvironment(): number {
  const value = process.env.FC_SEED?.trim();
  if (!value) return DEFAULT_SEED;
  if (value === "random") return Date.now() ^ (Math.random() * 2 ** 31);
  const seed = Number(value);
  if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be a whole number or "random", not ${JSON.stringify(value)}`);
  return seed;
}

/** The seed properties run from in this process. */
export const FC_SEED = seedFromEnvironment();

/** `fc.assert` from FC_SEED (or the seed in `params`); a failure says how to reproduce it. */
export function checkProperty<Ts>(property: fc.IProperty<Ts>, params: fc.Parameters<Ts> = {}): void {
  const seed = params.seed ?? FC_SEED;
  try {
    fc.assert(property, { ...params, seed });
  } catch (error) {
    if (error instanceof Error)
      error.message += `\nfast-check seed ${seed}: run again with FC_SEED=${seed}, or pin the seed and path above as a named test.`;
    throw error;
  }
}
