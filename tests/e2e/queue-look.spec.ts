import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { library, openQueue, saveKey } from './support';

/**
 * The queue drawer and a failed job's Details popover, as the user sees them: axe-core (no serious
 * or critical finding) in the light and the dark theme, and a screenshot of each to look at.
 */

const THEMES = ['light', 'dark'] as const;

async function seriousFindings(page: Page, selectors: string[]): Promise<string[]> {
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  for (const selector of selectors) builder = builder.include(selector);
  const results = await builder.analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

async function queueOne(page: Page, prompt: string) {
  await page.getByRole('textbox', { name: 'Prompt' }).fill(prompt);
  await page.getByRole('button', { name: /^Generate/ }).click();
}

for (const theme of THEMES) {
  test(`the queue drawer and a failed job's Details in the ${theme} theme`, async ({ studio, fakeApi }) => {
    test.skip(!fakeApi.fake, 'needs the bundled fake API to script a failure (REVERIE_API_BASE_URL points elsewhere)');
    // Three generations and two axe runs: the hang guard gets the room a loaded two-core machine needs.
    test.slow();
    await studio.setViewportSize({ width: 1440, height: 900 });
    await studio.emulateMedia({ colorScheme: theme });
    await saveKey(studio, fakeApi.validKey);

    // One image made, one refused for the key, one out at the API while we look.
    await queueOne(studio, 'a lighthouse on a cliff at dusk');
    await expect(library(studio).getByRole('img', { name: 'a lighthouse on a cliff at dusk' })).toBeVisible();
    fakeApi.fake!.setScenarioSequence(['401', 'hang']);
    await queueOne(studio, 'a key the API refuses');
    await expect(studio.getByRole('alert').filter({ hasText: 'API key not accepted' })).toBeVisible();
    await queueOne(studio, 'a request still out at the API');
    const indicator = studio.getByRole('button', { name: /^Queue/ });
    await expect(indicator).toHaveAccessibleName(/^Queue 1 running/);

    const region = await openQueue(studio);
    await expect(region.getByRole('listitem')).toHaveCount(3);
    await expect(region).toContainText('The API did not accept the API key');
    // The drawer, the header with its activity indicator, and the job tiles in the gallery beside it.
    expect(await seriousFindings(studio, ['.queue-drawer', '.app-header', '.job-tile']), `axe on the queue drawer (${theme})`).toEqual([]);
    await studio.screenshot({ path: test.info().outputPath(`queue-drawer-${theme}.png`) });

    await studio.getByRole('button', { name: 'Close queue' }).click();
    await expect(region).toBeHidden();
    const failedTile = library(studio).getByRole('group', { name: /^API key not accepted/ });
    await failedTile.getByRole('button', { name: 'Details' }).click();
    const details = studio.getByRole('dialog', { name: 'Error details' });
    await expect(details).toContainText('HTTP status: 401');
    expect(await seriousFindings(studio, ['.error-details']), `axe on the Details popover (${theme})`).toEqual([]);
    await studio.screenshot({ path: test.info().outputPath(`job-details-${theme}.png`) });
    await studio.keyboard.press('Escape');
    await expect(details).toBeHidden();
  });
}
