import type { LaunchOptions } from '@playwright/test';

/**
 * Debian's Chromium (`apt-get install chromium`): Playwright's own browser download is not
 * reachable on these machines. The flags keep it from calling out to a network that is closed.
 */
export function chromiumLaunchOptions(): LaunchOptions {
  return {
    executablePath: process.env.REVERIE_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  };
}
