// E2E: the browser-shell suite in Debian's Chromium (never `npx playwright install`), and the Electron
// suite, which says it skipped where no Electron binary exists. One worker: guests under TCG are heavy.
import { defineConfig } from '@playwright/test';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 180_000,
  expect: { timeout: 15_000 },
  workers: 1,
  fullyParallel: false,
  forbidOnly: process.env.CI === 'true',
  // no retries: a flaky test is a failing test (tests wait for what they assert, with generous timeouts)
  retries: 0,
  reporter: [['list']],
  projects: [
    {
      name: 'browser',
      testDir: 'e2e/browser',
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS },
        viewport: { width: 1280, height: 800 },
        screenshot: 'only-on-failure',
        trace: 'off',
      },
    },
    {
      name: 'electron',
      testDir: 'e2e/electron',
    },
  ],
});
