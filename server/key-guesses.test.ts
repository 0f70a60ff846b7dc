import { expect, it } from "vitest";
import { KEY_GUESS_BURST, KeyGuesses } from "./key-guesses.ts";

it("lets an address guess a burst, then a few a minute", () => {
  let now = 0;
  const guesses = new KeyGuesses(() => now);
  for (let i = 0; i < KEY_GUESS_BURST; i++) {
    expect(guesses.mayTry("10.0.0.7")).toBe(true);
    guesses.wrong("10.0.0.7");
  }
  expect(guesses.mayTry("10.0.0.7")).toBe(false);
  expect(guesses.mayTry("10.0.0.8")).toBe(true);
  now = 12_000;
  expect(guesses.mayTry("10.0.0.7")).toBe(true);
  guesses.wrong("10.0.0.7");
  expect(guesses.mayTry("10.0.0.7")).toBe(false);
});

it("reports one line per address, not one per guess, and then forgets a quiet address", () => {
  let now = 0;
  const guesses = new KeyGuesses(() => now);
  for (let i = 0; i < 30; i++) guesses.wrong("10.0.0.7");
  guesses.wrong("10.0.0.8");
  expect(guesses.report()).toEqual([
    "ordercast: 30 wrong teacher keys from 10.0.0.7; its key use is paused",
    "ordercast: 1 wrong teacher key from 10.0.0.8",
  ]);
  expect(guesses.report()).toEqual([]);
  now = 10 * 60_000;
  guesses.report();
  expect(guesses.mayTry("10.0.0.7")).toBe(true);
  expect(guesses.size).toBe(0);
});
