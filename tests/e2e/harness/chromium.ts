import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * REVERIE_CHROMIUM, else Debian's Chromium where it is installed (`apt-get install chromium`: Playwright's
 * own browser download is not reachable on these machines), else Playwright's own browser (macOS,
 * Windows, other Linux: `npx playwright install chromium`). The flags keep it from calling out to
 * a network that is closed.
 */
export function chromiumLaunchOptions(): LaunchOptions {
  const executablePath = process.env.REVERIE_CHROMIUM ?? (existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined);
  return {
    ...(executablePath ? { executablePath } : {}),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  };
}
