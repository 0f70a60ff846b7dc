import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, chromiumExecutable } from "./e2e/browser.ts";

const executablePath = chromiumExecutable();

// Each spec starts its own servers (server/testing/process.ts), so tests do not share a room.
export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/global-setup.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // Each test starts a server and several browser contexts: on a busy machine (both cores taken)
  // that alone takes tens of seconds. The assertions wait for conditions, never for time, so a
  // longer limit only gives a slow machine time; a fast one finishes as soon as before.
  timeout: 180_000,
  expect: { timeout: 20_000 },
  reporter: process.env.CI ? "list" : "line",
  use: {
    browserName: "chromium",
    launchOptions: { args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) },
    trace: "retain-on-failure",
  },
});
