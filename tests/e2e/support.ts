import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Page } from '@playwright/test';
import { seedLibrary } from '../support/seed-library';
import { expect, type LaunchOptions } from './fixtures';
import type { BrowserStudio } from './harness/browser-studio';

/** Shared steps of the e2e specs, written the way a user works: by role and accessible name. */

export const library = (page: Page) => page.getByRole('region', { name: 'Library', exact: true });
export const queue = (page: Page) => page.getByRole('region', { name: 'Queue' });

/**
 * Resizes the window and waits for the next two frames. The side panels fold on a media query's
 * change event, which the browser fires in the first frame after the resize, and React commits the
 * fold before that frame's callbacks run; a measurement taken as soon as the resize returns can
 * still see the panels open (CI once measured the gallery at 1024 px with both of them there).
 */
export async function resizeWindow(page: Page, size: { width: number; height: number }) {
  await page.setViewportSize(size);
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}

/**
 * Opens the queue drawer from the header's activity indicator (its name starts with "Queue", then
 * what runs: "Queue 2 running · $0.13") unless it is open, and returns the drawer's "Queue" region.
 * The drawer is not modal: it stays open while the test works in the studio.
 */
export async function openQueue(page: Page) {
  const region = queue(page);
  if (!(await region.isVisible())) await page.getByRole('button', { name: /^Queue/ }).click();
  await expect(region).toBeVisible();
  return region;
}

/** Opens the Settings dialog from its button on the section `tab` (its name in the section list). */
export async function openSettings(page: Page, tab = 'Account & key') {
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  if (!(await dialog.isVisible())) await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await dialog.getByRole('tab', { name: tab }).click();
  await expect(dialog.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
  return dialog;
}

/** Saves the key where the studio asks for it (the first-start welcome, else Settings), then closes that dialog. */
export async function saveKey(page: Page, key: string) {
  // The studio opens the welcome by itself when no key is stored: wait until it has decided.
  await expect(page.getByRole('main')).toHaveAttribute('aria-busy', 'false');
  const welcome = page.getByRole('dialog', { name: 'Welcome to Reverie' });
  const dialog = (await welcome.isVisible()) ? welcome : await openSettings(page);
  await dialog.getByRole('textbox', { name: 'API key' }).fill(key);
  await dialog.getByRole('button', { name: 'Save key' }).click();
  await expect(dialog.getByRole('status')).toContainText(key.slice(-4));
  await dialog.getByRole('button', { name: dialog === welcome ? 'Start creating' : 'Close' }).click();
  await expect(dialog).toBeHidden();
}

/** Without a key the studio greets with the modal welcome, which keeps the rest inert: tests that need no key choose Later. */
export async function skipWelcome(page: Page) {
  await expect(page.getByRole('main')).toHaveAttribute('aria-busy', 'false');
  const welcome = page.getByRole('dialog', { name: 'Welcome to Reverie' });
  if (await welcome.isVisible()) await welcome.getByRole('button', { name: 'Later' }).click();
  await expect(welcome).toBeHidden();
}

/**
 * A studio on a data folder whose library holds `items` seeded generations (no key stored: the
 * welcome is set aside with Later), once the library says how many it holds; with the gallery's grid.
 */
export async function openSeededLibrary(launchStudio: (options?: LaunchOptions) => Promise<BrowserStudio>, dataDir: string, items: number) {
  await seedLibrary(join(dataDir, 'library'), items);
  const { page } = await launchStudio({ dataDir });
  await page.getByRole('dialog', { name: 'Welcome to Reverie' }).getByRole('button', { name: 'Later' }).click();
  await expect(library(page)).toContainText(`${items.toLocaleString('en')} images`);
  return { page, grid: library(page).getByRole('grid') };
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
