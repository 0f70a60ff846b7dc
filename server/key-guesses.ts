/**
 * Wrong teacher keys, limited per remote address: a token bucket of
 * KEY_GUESSES_PER_MINUTE a minute, holding KEY_GUESS_BURST. An address that
 * runs dry may not use any key, right or wrong, until the bucket refills, so
 * guessing gains nothing. Wrong keys are reported one line per address per
 * report (the transport asks each minute), never one line per guess. Pure.
 */
import { RateLimiter } from "./limiter.ts";

export const KEY_GUESSES_PER_MINUTE = 5;
export const KEY_GUESS_BURST = 10;

interface Guesser {
  readonly bucket: RateLimiter;
  /** Wrong keys since the last report. */
  wrong: number;
}

export class KeyGuesses {
  private readonly guessers = new Map<string, Guesser>();

  constructor(
    private readonly now: () => number,
    private readonly perMinute = KEY_GUESSES_PER_MINUTE,
    private readonly burst = KEY_GUESS_BURST,
  ) {}

  /** How many addresses are remembered. */
  get size(): number {
    return this.guessers.size;
  }

  /** Whether `address` may try a key now. */
  mayTry(address: string): boolean {
    return this.guessers.get(address)?.bucket.ready() ?? true;
  }

  /** Counts a wrong key from `address`. */
  wrong(address: string): void {
    let guesser = this.guessers.get(address);
    if (!guesser) {
      guesser = { bucket: new RateLimiter(this.perMinute / 60, this.burst, this.now), wrong: 0 };
      this.guessers.set(address, guesser);
    }
    guesser.bucket.take();
    guesser.wrong++;
  }

  /** One line per address with wrong keys since the last report; forgets addresses whose bucket is full again. */
  report(): string[] {
    const lines: string[] = [];
    for (const [address, guesser] of this.guessers) {
      if (guesser.wrong > 0) {
        const limited = guesser.bucket.ready() ? "" : "; its key use is paused";
        lines.push(`ordercast: ${guesser.wrong} wrong teacher key${guesser.wrong === 1 ? "" : "s"} from ${address}${limited}`);
        guesser.wrong = 0;
      } else if (guesser.bucket.full()) {
        this.guessers.delete(address);
      }
    }
    return lines;
  }
}
