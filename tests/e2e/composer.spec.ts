import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { resizeWindow, saveKey } from './support';

/**
 * The prompt bar over the gallery: compact at the sizes people use, its ratios never covered, its
 * popovers (Advanced, Prompt history, Saved prompts) clean under axe in both themes.
 */

type Theme = 'light' | 'dark';
const POPOVERS = [
  { button: 'Advanced', dialog: 'Advanced' },
  { button: 'Prompt history', dialog: 'Prompt history' },
  { button: 'Saved prompts', dialog: 'Saved prompts' },
] as const;

const composer = (page: Page) => page.getByRole('form', { name: 'Compose' });

/**
 * The bar needs no key: once the studio has settled, whatever it opened by itself on a first start
 * (the welcome, or Settings) is closed with Escape, and the bar is what is left to look at.
 */
async function settle(page: Page) {
  await expect(page.getByRole('main')).toHaveAttribute('aria-busy', 'false');
  const dialog = page.getByRole('dialog');
  if (await dialog.count()) {
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
  }
}

/** Serious and critical axe findings in the prompt bar and its open popover. */
async function seriousFindings(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .include('form.composer')
    .include('.bar-popover')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

/** True when the centre of every ratio's segment is the segment itself, i.e. nothing lies over it. */
async function ratiosUncovered(page: Page): Promise<boolean> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.aspect-option')].every((option) => {
      const rect = option.getBoundingClientRect();
      const hit = document.elementFromPoint(rect.x + rect.width / 2, rect.y + rect.height / 2);
      return rect.width > 0 && hit !== null && option.contains(hit);
    }),
  );
}

test('the bar stays one row of controls under the prompt, and nothing covers the ratios', async ({ studio }) => {
  await studio.setViewportSize({ width: 1440, height: 900 });
  await settle(studio);
  const bar = await composer(studio).boundingBox();
  expect(bar).not.toBeNull();
  // The prompt (one line) and one row of controls, with padding: well under a sixth of the window.
  expect(bar!.height).toBeLessThanOrEqual(130);
  expect(await ratiosUncovered(studio)).toBe(true);

  // A long prompt grows the field to about six lines, then it scrolls instead of pushing the gallery down.
  const prompt = studio.getByRole('textbox', { name: 'Prompt' });
  const oneLine = (await prompt.boundingBox())!.height;
  await prompt.fill(Array.from({ length: 20 }, (_, line) => `line ${line + 1} of a long prompt`).join('\n'));
  const grown = (await prompt.boundingBox())!.height;
  const lineHeight = await prompt.evaluate((field) => Number.parseFloat(getComputedStyle(field).lineHeight));
  expect(oneLine).toBeLessThan(lineHeight * 2);
  // Five more lines than one, i.e. six, and no more.
  expect(grown - oneLine).toBeGreaterThan(lineHeight * 4.5);
  expect(grown - oneLine).toBeLessThan(lineHeight * 5.5);
  expect(await prompt.evaluate((field) => field.scrollHeight > field.clientHeight)).toBe(true);
  expect(await ratiosUncovered(studio)).toBe(true);

  for (const size of [
    { width: 1024, height: 700 },
    { width: 800, height: 600 },
  ]) {
    await resizeWindow(studio, size);
    await studio.screenshot({ path: test.info().outputPath(`composer-${size.width}x${size.height}.png`) });
    expect(await ratiosUncovered(studio)).toBe(true);
    const box = (await composer(studio).boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(size.width);
    await expect(studio.getByRole('button', { name: /^Generate/ })).toBeInViewport();
    for (const { button } of POPOVERS) await expect(studio.getByRole('button', { name: button })).toBeInViewport();
  }
});

for (const theme of ['light', 'dark'] as Theme[]) {
  test(`the bar and its popovers in the ${theme} theme: axe and screenshots`, async ({ studio, fakeApi }) => {
    // Seven axe runs on a shared two-core machine: the hang guard gets three times its usual time.
    test.slow();
    await studio.emulateMedia({ colorScheme: theme });
    await studio.setViewportSize({ width: 1440, height: 900 });
    // A sent prompt, so the history popover has an entry and the status its transient message.
    await saveKey(studio, fakeApi.validKey);
    await studio.getByRole('textbox', { name: 'Prompt' }).fill('a quiet harbour at dawn, fishing boats, soft mist');
    await studio.getByRole('spinbutton', { name: 'Images per ratio' }).fill('2');
    await studio.getByRole('button', { name: /^Generate/ }).click();
    await expect(composer(studio).getByRole('status')).toContainText('Queued 2 images');
    expect(await seriousFindings(studio), `axe on the bar (${theme})`).toEqual([]);
    await studio.screenshot({ path: test.info().outputPath(`composer-${theme}-1440x900.png`) });

    for (const size of [
      { width: 1440, height: 900 },
      { width: 1024, height: 700 },
    ]) {
      await resizeWindow(studio, size);
      for (const { button, dialog } of POPOVERS) {
        await studio.getByRole('button', { name: button }).click();
        await expect(studio.getByRole('dialog', { name: dialog })).toBeVisible();
        expect(await seriousFindings(studio), `axe on ${dialog} (${theme}, ${size.width}×${size.height})`).toEqual([]);
        const slug = dialog.toLowerCase().replace(/ /g, '-');
        await studio.screenshot({ path: test.info().outputPath(`composer-${theme}-${size.width}x${size.height}-${slug}.png`) });
        await studio.keyboard.press('Escape');
        await expect(studio.getByRole('dialog', { name: dialog })).toHaveCount(0);
        await expect(studio.getByRole('button', { name: button })).toBeFocused();
      }
    }
  });
}
