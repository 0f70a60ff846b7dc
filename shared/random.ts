/** A source of uniform numbers in [0, 1). Injected everywhere randomness is needed. */
export interface Random {
  next(): number;
}

/**
 * A small seeded generator (mulberry32). Not for secrets: it exists so that
 * a simulated network, a test or a scenario replays exactly from its seed.
 */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return {
    next() {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/** An integer in [lo, hi], both inclusive. */
export function randomInt(random: Random, lo: number, hi: number): number {
  return lo + Math.floor(random.next() * (hi - lo + 1));
}

/** A random 9-digit number as text, like the `dat` values of the original run. */
export function nineDigits(random: Random): string {
  return String(randomInt(random, 100_000_000, 999_999_999));
}

/**
 * One seed's independent stream for `concern` (the log, the network, worker "w1"…): a draw
 * added in one concern never shifts what another draws, so pinned seeds stay meaningful.
 */
export function randomFor(seed: number, concern: string): Random {
  // FNV-1a over the concern's name, mixed with the seed.
  let hash = 0x811c9dc5 ^ seed;
  for (let i = 0; i < concern.length; i++) hash = Math.imul(hash ^ concern.charCodeAt(i), 0x01000193);
  return seededRandom(hash >>> 0);
}
