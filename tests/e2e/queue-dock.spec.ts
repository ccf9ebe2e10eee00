import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { library, openQueue, resizeWindow, saveKey } from './support';

/**
 * The queue drawer docks beside the workspace (issue 11): while it is open the prompt bar and
 * Generate stay in view and take clicks, at 1440×900 and at 1024×700, in both themes. axe-core finds
 * nothing serious on the open drawer, and a screenshot of each is kept to look at.
 */

const THEMES = ['light', 'dark'] as const;
const SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
] as const;

/** Whether the element on top at the centre of `target` is `target` itself (or inside it): nothing covers it. */
async function centreIsUncovered(target: Locator): Promise<boolean> {
  return target.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
    return hit !== null && element.contains(hit);
  });
}

async function seriousFindings(page: Page, selectors: string[]): Promise<string[]> {
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  for (const selector of selectors) builder = builder.include(selector);
  const results = await builder.analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

for (const theme of THEMES) {
  test(`the open queue drawer leaves the prompt bar and Generate uncovered (${theme})`, async ({ studio, fakeApi }) => {
    test.skip(!fakeApi.fake, 'needs the bundled fake API to hold a request out while the drawer is looked at');
    // Two generations, a screenshot and an axe run per size: room for a loaded two-core machine.
    test.slow();
    await studio.emulateMedia({ colorScheme: theme });
    await studio.setViewportSize(SIZES[0]);
    await saveKey(studio, fakeApi.validKey);
    const prompt = studio.getByRole('textbox', { name: 'Prompt' });
    const generate = studio.getByRole('button', { name: /^Generate/ });

    // Something to watch: one image made, one request still out at the API.
    await prompt.fill('a lighthouse on a cliff at dusk');
    await generate.click();
    await expect(library(studio).getByRole('img', { name: 'a lighthouse on a cliff at dusk' })).toBeVisible();
    fakeApi.fake!.setScenarioSequence(['hang']);
    await prompt.fill('a request still out at the API');
    await generate.click();
    await expect(studio.getByRole('button', { name: /^Queue/ })).toHaveAccessibleName(/^Queue 1 running/);

    const region = await openQueue(studio);
    const drawer = studio.getByRole('dialog', { name: 'Queue' });
    for (const size of SIZES) {
      await resizeWindow(studio, size);
      const label = `${size.width}×${size.height}, ${theme}`;
      await expect(region.getByRole('listitem')).toHaveCount(2);
      await expect(generate).toBeInViewport();
      expect(await centreIsUncovered(generate), `Generate is not covered (${label})`).toBe(true);
      expect(await centreIsUncovered(prompt), `the prompt is not covered (${label})`).toBe(true);
      // The drawer sits beside the workspace, not over it.
      const drawerBox = (await drawer.boundingBox())!;
      const workspaceBox = (await studio.getByRole('main').boundingBox())!;
      expect(workspaceBox.x + workspaceBox.width, `the workspace ends where the drawer starts (${label})`).toBeLessThanOrEqual(drawerBox.x + 1);
      expect(drawerBox.x + drawerBox.width, `the drawer is within the window (${label})`).toBeLessThanOrEqual(size.width + 1);
      expect(await seriousFindings(studio, ['.queue-drawer', '.workspace']), `axe on the docked drawer (${label})`).toEqual([]);
      await studio.screenshot({ path: test.info().outputPath(`queue-docked-${size.width}x${size.height}-${theme}.png`) });
    }

    // Generate takes a real click while the queue is open (Playwright refuses to click what is covered).
    fakeApi.fake!.setScenarioSequence([]);
    await prompt.fill('a fox in the snow');
    await generate.click();
    await expect(library(studio).getByRole('img', { name: 'a fox in the snow' })).toBeVisible();
    await expect(drawer).toBeVisible();

    // Closed, the inspector has its column back.
    await studio.getByRole('button', { name: 'Close queue' }).click();
    await expect(drawer).toBeHidden();
  });
}
