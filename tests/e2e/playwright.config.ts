import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './harness/chromium';

/**
 * The real renderer bundle (out/renderer, built by `npm run build`) in Debian's Chromium, with the
 * real main-process services behind `window.reverie`. The timeout is a guard against a hang, not a
 * speed limit: generations against the fake take well under a second.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: '../../.tmp/e2e-output',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 30_000 },
  reporter: 'list',
  use: {
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions(),
    trace: 'retain-on-failure',
  },
});
