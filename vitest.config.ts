import { defineConfig } from "vitest/config";

// Unit, simulation and integration tests; the browser tests in e2e/ run under Playwright.
export default defineConfig({
  test: {
    root: ".",
    include: ["{shared,server,cli,client}/**/*.test.{ts,tsx}"],
    testTimeout: 30_000,
  },
});
