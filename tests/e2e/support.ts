import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/** Shared steps of the e2e specs, written the way a user works: by role and accessible name. */

export const library = (page: Page) => page.getByRole('region', { name: 'Library', exact: true });
export const queue = (page: Page) => page.getByRole('region', { name: 'Queue' });

export async function saveKey(page: Page, key: string) {
  // The studio opens Settings by itself when no key is stored: wait until it has decided.
  await expect(page.getByRole('main')).toHaveAttribute('aria-busy', 'false');
  const settings = page.getByRole('region', { name: 'Settings' });
  if (!(await settings.isVisible())) await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('textbox', { name: 'API key' }).fill(key);
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(settings).toContainText(key.slice(-4));
}

export async function generate(page: Page, prompt: string, ratio = '3:2') {
  await page.getByRole('textbox', { name: 'Prompt' }).fill(prompt);
  await page.getByRole('radiogroup', { name: 'Aspect ratio' }).getByRole('radio', { name: ratio, exact: true }).check();
  await page.getByRole('button', { name: /^Generate/ }).click();
}

/** True once the browser has actually decoded the thumbnail served by id through the media route. */
export const thumbnailLoaded = (page: Page, prompt: string) =>
  library(page)
    .getByRole('img', { name: prompt })
    .first()
    .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);

/** Every file under the data folder's library, relative, for "no stray files" checks. */
export async function libraryFiles(dataDir: string): Promise<string[]> {
  const root = join(dataDir, 'library');
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .filter((name) => !name.startsWith('library.sqlite'))
    .sort();
}
