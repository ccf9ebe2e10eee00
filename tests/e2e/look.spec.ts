import { mkdir } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { library, resizeWindow, saveKey } from './support';

/**
 * How the studio looks and reads: the gallery-first layout measured at the sizes people use,
 * axe-core on every screen and menu in both themes, and the README's screenshots.
 */

type Theme = 'light' | 'dark';
const THEMES: Theme[] = ['light', 'dark'];
const SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
] as const;

const BATCH_PROMPT = 'a quiet harbour at dawn, fishing boats, soft mist';

/** Serious and critical axe findings on what is on screen now, as readable lines. */
async function seriousFindings(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

async function expectNoSeriousFindings(page: Page, screen: string) {
  expect(await seriousFindings(page), `axe on ${screen}`).toEqual([]);
}

async function generateBatch(page: Page, count: number) {
  await page.getByRole('textbox', { name: 'Prompt' }).fill(BATCH_PROMPT);
  await page.getByRole('radiogroup', { name: 'Aspect ratio' }).getByRole('radio', { name: '3:2', exact: true }).check();
  await page.getByRole('spinbutton', { name: 'Images per ratio' }).fill(String(count));
  await page.getByRole('button', { name: /^Generate/ }).click();
  // A hang guard, not a speed limit: a batch is filed one image at a time, slowly on a busy machine.
  await expect(library(page).getByRole('img', { name: BATCH_PROMPT })).toHaveCount(count, { timeout: 120_000 });
}

const box = async (locator: Locator) => {
  const found = await locator.boundingBox();
  if (!found) throw new Error('not laid out');
  return found;
};

test('the gallery takes most of the window at 1440×900 and shows the newest image after a batch of 8', async ({ studio, fakeApi }) => {
  test.slow();
  await studio.setViewportSize({ width: 1440, height: 900 });
  await saveKey(studio, fakeApi.validKey);
  await generateBatch(studio, 8);

  const gallery = await box(library(studio));
  expect(gallery.width / 1440).toBeGreaterThanOrEqual(0.55);
  const newest = await box(library(studio).getByRole('img', { name: BATCH_PROMPT }).first());
  expect(newest.y).toBeGreaterThanOrEqual(gallery.y);
  expect(newest.y + newest.height).toBeLessThanOrEqual(900);
  expect(newest.x + newest.width).toBeLessThanOrEqual(1440);

  await resizeWindow(studio, { width: 1024, height: 700 });
  const narrow = await box(library(studio));
  expect(narrow.width / 1024).toBeGreaterThanOrEqual(0.55);
  const newestNarrow = await box(library(studio).getByRole('img', { name: BATCH_PROMPT }).first());
  expect(newestNarrow.y + newestNarrow.height).toBeLessThanOrEqual(700);
  await expect(studio.getByRole('button', { name: /^Generate/ })).toBeInViewport();

  // 800×600 is not a target size, but nothing may spill out of the window sideways.
  await resizeWindow(studio, { width: 800, height: 600 });
  const overflow = await studio.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expect(studio.getByRole('button', { name: /^Generate/ })).toBeInViewport();
  await expect(studio.getByRole('textbox', { name: 'Prompt' })).toBeInViewport();
});

for (const theme of THEMES) {
  test(`screenshots and axe of the studio in the ${theme} theme`, async ({ studio, fakeApi }) => {
    // Four axe runs over a full page take minutes on a busy 2-core machine: a hang guard, not a speed limit.
    test.slow();
    await studio.emulateMedia({ colorScheme: theme });
    await studio.setViewportSize({ width: 1440, height: 900 });
    await saveKey(studio, fakeApi.validKey);
    await generateBatch(studio, 4);
    await expectNoSeriousFindings(studio, `the studio (${theme})`);

    // The viewer, opened the way the keyboard does it: Enter on a focused tile.
    await library(studio).getByRole('gridcell', { name: BATCH_PROMPT }).first().focus();
    await studio.keyboard.press('Enter');
    const viewer = studio.getByRole('dialog', { name: BATCH_PROMPT });
    await expect(viewer).toBeVisible();
    await expectNoSeriousFindings(studio, `the viewer (${theme})`);
    await studio.keyboard.press('Escape');
    await expect(viewer).toBeHidden();

    // The export dialog, from a selection.
    await library(studio).getByRole('button', { name: 'Select all' }).click();
    await library(studio)
      .getByRole('group', { name: 'Selection actions' })
      .getByRole('button', { name: /^Export/ })
      .click();
    const exportDialog = studio.getByRole('dialog', { name: 'Export' });
    await expect(exportDialog).toBeVisible();
    await expectNoSeriousFindings(studio, `the export dialog (${theme})`);
    await studio.keyboard.press('Escape');
    await expect(exportDialog).toBeHidden();
    await studio.keyboard.press('Escape');

    for (const size of SIZES) {
      await resizeWindow(studio, size);
      const name = `studio-${theme}-${size.width}x${size.height}.png`;
      await studio.screenshot({ path: test.info().outputPath(name) });
      if (process.env.REVERIE_UPDATE_SCREENSHOT) {
        await mkdir('docs/screenshots', { recursive: true });
        await studio.screenshot({ path: `docs/screenshots/${name}` });
      }
    }
  });
}
