import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { generate, library, resizeWindow } from './support';

/**
 * The library's places (sidebar), the toolbar's Filters popover and the inspector: they work with
 * the real services behind them, read well to axe in both themes, and fold away on small windows.
 */

type Theme = 'light' | 'dark';
const PROMPTS = ['a lighthouse in fog', 'a red kite over the dunes', 'forest cabin in snow'];

const places = (page: Page) => page.getByRole('navigation', { name: 'Library places' });
const inspector = (page: Page) => page.getByRole('complementary', { name: 'Inspector' });

/** Serious and critical axe findings inside `selector`, as readable lines. */
async function seriousFindings(page: Page, selector: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include(selector).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

/** Saves the fake API's key in whatever asks for it first (the welcome, or Settings). */
async function saveKey(page: Page, key: string) {
  await expect(page.getByRole('main')).toHaveAttribute('aria-busy', 'false');
  const field = page.getByRole('textbox', { name: 'API key' });
  if (!(await field.isVisible())) await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await field.fill(key);
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(page.getByText(key.slice(-4)).first()).toBeVisible();
  if (await page.getByRole('dialog').isVisible()) await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
}

async function fillLibrary(page: Page, key: string) {
  await saveKey(page, key);
  for (const prompt of PROMPTS) {
    await generate(page, prompt, '3:2');
    await expect(library(page).getByRole('img', { name: prompt })).toBeVisible();
  }
}

for (const theme of ['light', 'dark'] as Theme[]) {
  test(`places, filters and inspector work and pass axe in the ${theme} theme`, async ({ studio, fakeApi }) => {
    // A hang guard, not a speed limit: three generations, two sweeps of axe and the checks below
    // take longer than the config's default guard on a busy two-core machine.
    test.setTimeout(360_000);
    await studio.emulateMedia({ colorScheme: theme });
    await studio.setViewportSize({ width: 1440, height: 900 });
    await fillLibrary(studio, fakeApi.validKey);

    // The inspector: one image's details and actions.
    await expect(inspector(studio)).toContainText('Select an image');
    await library(studio).getByRole('gridcell', { name: PROMPTS[0] }).click();
    await expect(inspector(studio)).toContainText(PROMPTS[0]!);
    const favorite = inspector(studio).getByRole('button', { name: 'Favorite' });
    await favorite.click();
    await expect(favorite).toHaveAttribute('aria-pressed', 'true');
    await inspector(studio).getByRole('combobox', { name: 'Add tag' }).fill('coast');
    await inspector(studio).getByRole('button', { name: 'Add', exact: true }).click();
    await expect(inspector(studio).getByRole('list', { name: 'Tags on this image' })).toContainText('coast');

    // The places: the tag appears with its count; Favorites and the tag each show their image.
    const tagPlace = places(studio).getByRole('button', { name: 'coast', exact: true });
    await expect(tagPlace).toHaveAccessibleDescription('1 image');
    await places(studio).getByRole('button', { name: 'Favorites', exact: true }).click();
    await expect(places(studio).getByRole('button', { name: 'Favorites', exact: true })).toHaveAttribute('aria-current', 'page');
    await expect(library(studio).getByRole('img')).toHaveCount(1);
    await tagPlace.click();
    await expect(tagPlace).toHaveAttribute('aria-current', 'page');
    await expect(library(studio).getByRole('img', { name: PROMPTS[0] })).toBeVisible();
    await places(studio).getByRole('button', { name: 'All', exact: true }).click();
    await expect(library(studio).getByRole('img')).toHaveCount(3);

    // A collection made in the sidebar, filled from the inspector.
    await places(studio).getByRole('button', { name: 'Create a collection' }).click();
    await places(studio).getByRole('textbox', { name: 'New collection' }).fill('Coasts');
    await places(studio).getByRole('button', { name: 'Create', exact: true }).click();
    await library(studio).getByRole('gridcell', { name: PROMPTS[1] }).click();
    await inspector(studio).getByRole('combobox', { name: 'Add to collection' }).selectOption('Coasts');
    await inspector(studio).getByRole('button', { name: 'Add to the collection' }).click();
    await expect(inspector(studio).getByRole('list', { name: 'Collections this image is in' })).toContainText('Coasts');
    await expect(places(studio).getByRole('button', { name: 'Coasts', exact: true })).toHaveAccessibleDescription('1 image');

    expect(await seriousFindings(studio, 'nav[aria-label="Library places"]'), `axe on the sidebar (${theme})`).toEqual([]);
    expect(await seriousFindings(studio, '#inspector'), `axe on the inspector (${theme})`).toEqual([]);
    await studio.screenshot({ path: test.info().outputPath(`places-${theme}-1440x900.png`) });

    // Several selected: the inspector offers the bulk actions.
    await library(studio).getByRole('button', { name: 'Select all' }).click();
    await expect(inspector(studio)).toContainText('3 selected');
    expect(await seriousFindings(studio, '#inspector'), `axe on the inspector's bulk actions (${theme})`).toEqual([]);
    await studio.keyboard.press('Escape');

    // The Filters popover.
    await library(studio).getByRole('button', { name: 'Filters' }).click();
    const filters = studio.getByRole('group', { name: 'Filters' });
    await filters.getByRole('checkbox', { name: '3:2' }).check();
    await expect(library(studio).getByRole('button', { name: 'Filters' })).toHaveAccessibleDescription('1 filter on');
    expect(await seriousFindings(studio, '.filters-popover'), `axe on the filters popover (${theme})`).toEqual([]);
    await studio.screenshot({ path: test.info().outputPath(`filters-${theme}-1440x900.png`) });
    await filters.getByRole('button', { name: 'Clear filters' }).click();
    await studio.keyboard.press('Escape');
    await expect(filters).toBeHidden();
  });
}

test('the sidebar and inspector leave the gallery most of the window, and fold away on small windows', async ({ studio, fakeApi }) => {
  test.setTimeout(360_000); // a hang guard, as above
  await studio.setViewportSize({ width: 1440, height: 900 });
  await fillLibrary(studio, fakeApi.validKey);
  await expect(places(studio)).toBeVisible();
  await expect(inspector(studio)).toBeVisible();
  const wide = await library(studio).boundingBox();
  expect(wide!.width / 1440).toBeGreaterThanOrEqual(0.55);

  await studio.setViewportSize({ width: 1024, height: 700 });
  await expect(places(studio)).toBeHidden();
  await expect(inspector(studio)).toBeHidden();
  // Folded, the gallery takes the window's whole width (less its padding).
  const folded = await library(studio).boundingBox();
  expect(folded!.x).toBeLessThanOrEqual(24);
  expect(folded!.x + folded!.width).toBeGreaterThanOrEqual(1024 - 24);
  await studio.screenshot({ path: test.info().outputPath('places-1024x700-folded.png') });
  await studio.getByRole('button', { name: 'Show library places' }).click();
  await studio.getByRole('button', { name: 'Show inspector' }).click();
  await expect(places(studio)).toBeVisible();
  await expect(inspector(studio)).toBeVisible();
  await library(studio).getByRole('gridcell', { name: PROMPTS[0] }).click();
  await studio.screenshot({ path: test.info().outputPath('places-1024x700-open.png') });

  // Nothing overlaps: sidebar | gallery | inspector side by side, all inside the window.
  const [side, gallery, aside] = await Promise.all([places(studio).boundingBox(), library(studio).boundingBox(), inspector(studio).boundingBox()]);
  expect(side!.x + side!.width).toBeLessThanOrEqual(gallery!.x + 1);
  expect(gallery!.x + gallery!.width).toBeLessThanOrEqual(aside!.x + 1);
  expect(aside!.x + aside!.width).toBeLessThanOrEqual(1024);

  // The choice holds for the session, whatever the width does.
  await studio.getByRole('button', { name: 'Hide inspector' }).click();
  await studio.setViewportSize({ width: 1440, height: 900 });
  await expect(inspector(studio)).toBeHidden();
  await expect(places(studio)).toBeVisible();

  await resizeWindow(studio, { width: 800, height: 600 });
  const overflow = await studio.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expect(studio.getByRole('searchbox', { name: 'Search library' })).toBeInViewport();
  await expect(studio.getByRole('button', { name: 'Filters' })).toBeInViewport();
  await studio.screenshot({ path: test.info().outputPath('places-800x600.png') });
});
