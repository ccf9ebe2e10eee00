import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { openSettings, resizeWindow } from './support';

/**
 * Settings as a dialog and the first-start welcome, with the real renderer in Chromium against the
 * real main services and the fake API: Test key over real HTTP, the theme kept across a restart,
 * axe on every section in both themes, and what the production CSP thinks of the dialogs.
 */

const SECTIONS = ['Account & key', 'Generation', 'Library', 'Export & drag', 'Appearance'] as const;
const welcome = (page: Page) => page.getByRole('dialog', { name: 'Welcome to Reverie' });

/** Serious and critical axe findings inside the open dialog, as readable lines. */
async function seriousFindings(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include('[role="dialog"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

/** Chooses a theme in Settings → Appearance, as a user does, and waits for the page to wear it. */
async function chooseTheme(page: Page, theme: 'Light' | 'Dark' | 'System') {
  const settings = await openSettings(page, 'Appearance');
  // A click, not check(): the radio shows main's saved value, so it turns on once main has saved it.
  const radio = settings.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: theme });
  await radio.click();
  await expect(radio).toBeChecked();
  if (theme === 'System') await expect(page.locator('html')).not.toHaveAttribute('data-theme');
  else await expect(page.locator('html')).toHaveAttribute('data-theme', theme.toLowerCase());
  return settings;
}

test.beforeEach(async ({ context }) => {
  // Before any page script: every CSP refusal the page meets is kept for the test to read.
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
});

const cspViolations = (page: Page) => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);

test('first start: the welcome tests a key for free against the API before it is saved', async ({ studio, fakeApi }) => {
  test.skip(!fakeApi.fake, 'needs the bundled fake API to count the requests (REVERIE_API_BASE_URL points elsewhere)');
  const fake = fakeApi.fake!;
  const dialog = welcome(studio);
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('textbox', { name: 'API key' })).toBeFocused();

  await dialog.getByRole('textbox', { name: 'API key' }).fill('sk-a-key-the-api-does-not-know');
  await dialog.getByRole('button', { name: 'Test key' }).click();
  await expect(dialog.getByRole('alert')).toContainText('The API refused this key');
  expect(fake.billingChecks).toEqual([{ authorization: 'Bearer sk-a-key-the-api-does-not-know', status: 401 }]);

  await dialog.getByRole('textbox', { name: 'API key' }).fill(fakeApi.validKey);
  await dialog.getByRole('button', { name: 'Test key' }).click();
  await expect(dialog).toContainText('The API accepted the key you typed (not saved yet); your balance is $12.50. The test cost nothing.');
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  expect(fake.billingChecks.at(-1)).toEqual({ authorization: `Bearer ${fakeApi.validKey}`, status: 200 });
  // Free: no generation was asked for, and the key is still only in the field.
  expect(fake.requests).toEqual([]);
  await expect(dialog.getByRole('status')).toHaveText('No API key stored yet.');

  await dialog.getByRole('button', { name: 'Save key' }).click();
  await expect(dialog.getByRole('status')).toContainText(fakeApi.validKey.slice(-4));
  await dialog.getByRole('button', { name: 'Test key' }).click();
  await expect(dialog).toContainText('The API accepted your saved key; your balance is $12.50.');
  await dialog.getByRole('button', { name: 'Start creating' }).click();
  await expect(dialog).toBeHidden();
  await expect(studio.locator('body')).not.toContainText(fakeApi.validKey);
  expect(await cspViolations(studio)).toEqual([]);
});

test('the theme chosen in Appearance is kept across a restart', async ({ launchStudio, dataDir }) => {
  const first = await launchStudio();
  await welcome(first.page).getByRole('button', { name: 'Later' }).click();
  const settings = await chooseTheme(first.page, 'Dark');
  await settings.getByRole('button', { name: 'Close' }).click();
  await first.close();

  const again = await launchStudio({ dataDir });
  await expect(again.page.locator('html')).toHaveAttribute('data-theme', 'dark');
  // The page is drawn with the dark palette, not just marked.
  const background = await again.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).toBe('rgb(18, 19, 22)');
  // Still no key: the welcome greets again, in the dark theme.
  await welcome(again.page).getByRole('button', { name: 'Later' }).click();
  const reopened = await openSettings(again.page, 'Appearance');
  await expect(reopened.getByRole('radio', { name: 'Dark' })).toBeChecked();
  await chooseTheme(again.page, 'System');
  expect(await cspViolations(again.page)).toEqual([]);
});

test('Open key settings and the like land on the field: the key field in Account & key', async ({ studio }) => {
  await welcome(studio).getByRole('button', { name: 'Later' }).click();
  await openSettings(studio, 'Library');
  await studio.keyboard.press('Escape');
  await expect(studio.getByRole('button', { name: 'Settings', exact: true })).toBeFocused();
  // The application menu's Settings… and the button reopen the section last shown.
  await studio.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = studio.getByRole('dialog', { name: 'Settings' });
  await expect(dialog.getByRole('tab', { name: 'Library' })).toBeFocused();
  await dialog.getByRole('tab', { name: 'Library' }).press('Home');
  await expect(dialog.getByRole('tab', { name: 'Account & key' })).toHaveAttribute('aria-selected', 'true');
  await expect(dialog.getByRole('textbox', { name: 'API key' })).toBeVisible();
});

for (const theme of ['Light', 'Dark'] as const) {
  test(`axe finds nothing serious in the welcome and every Settings section (${theme.toLowerCase()})`, async ({ studio }) => {
    // Eight axe runs and screenshots: a longer hang guard on this shared 2-core machine.
    test.slow();
    await studio.setViewportSize({ width: 1440, height: 900 });
    await expect(welcome(studio)).toBeVisible();
    const name = theme.toLowerCase();
    // The welcome comes first, in the system's theme: look at it in both.
    await studio.emulateMedia({ colorScheme: name === 'dark' ? 'dark' : 'light' });
    expect(await seriousFindings(studio), 'welcome').toEqual([]);
    await studio.screenshot({ path: test.info().outputPath(`welcome-${name}-1440x900.png`) });
    await welcome(studio).getByRole('button', { name: 'Later' }).click();

    await chooseTheme(studio, theme);
    for (const section of SECTIONS) {
      await openSettings(studio, section);
      expect(await seriousFindings(studio), section).toEqual([]);
      await studio.screenshot({ path: test.info().outputPath(`settings-${name}-${section.replace(/\W+/g, '-').toLowerCase()}-1440x900.png`) });
    }
    await resizeWindow(studio, { width: 1024, height: 700 });
    for (const section of ['Account & key', 'Generation'] as const) {
      await openSettings(studio, section);
      expect(await seriousFindings(studio), `${section} at 1024×700`).toEqual([]);
      await studio.screenshot({ path: test.info().outputPath(`settings-${name}-${section.replace(/\W+/g, '-').toLowerCase()}-1024x700.png`) });
    }
    expect(await cspViolations(studio)).toEqual([]);
  });
}
