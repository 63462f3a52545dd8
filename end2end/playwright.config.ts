import { defineConfig } from "@playwright/test";
import { BASE_URL } from "./support/config";

// The server under test is started by support/global-setup.ts (a built
// `gridlink` binary on an in-memory database with the demo street); a
// panic in its output fails the run. Retries stay at 0: a test that needs
// a retry is a race to fix.
export default defineConfig({
  testDir: "./tests",
  globalSetup: "./support/global-setup.ts",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    baseURL: BASE_URL,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: "zh-CN",
    serviceWorkers: "allow",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
    trace: "retain-on-failure",
  },
});
