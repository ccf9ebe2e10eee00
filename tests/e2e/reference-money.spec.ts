import type { Page } from '@playwright/test';
import type { FakeAiml } from '../fake-aiml/server';
import { expect, test } from './fixtures';
import { generate, library, saveKey } from './support';

/**
 * The money rules for edit and remix, end to end against the fake API: an answer that may have been
 * charged (a 5xx, a connection dropped after the body was sent, a 2xx whose body is garbage) ends
 * the job as failed after exactly one POST, for each model; nothing is sent again until the user
 * asks. (A timeout is the same class of failure; its deadline is minutes long in the app, so the
 * unit tests cover it with a short one: tests/unit/generation-queue-references.test.ts.)
 */

const MAY_HAVE_BEEN_CHARGED = ['500', 'drop-connection', 'malformed-json'] as const;

const tile = (page: Page, prompt: string) => library(page).getByRole('gridcell', { name: prompt });
const jobTile = (page: Page, prompt: string) => library(page).locator('.job-tile', { hasText: prompt });

async function imageArrived(page: Page, prompt: string) {
  await expect(library(page).getByRole('img', { name: prompt, exact: true })).toBeVisible({ timeout: 60_000 });
}

/** Sends the prompt bar's references with `instruction` under `scenario` and waits for the job to fail; returns the POSTs it took. */
async function sendFailing(page: Page, fake: FakeAiml, instruction: string, scenario: (typeof MAY_HAVE_BEEN_CHARGED)[number]) {
  const before = fake.requests.length;
  fake.setScenario(scenario);
  await page.getByRole('textbox', { name: 'Prompt' }).fill(instruction);
  await page.getByRole('button', { name: /^Generate/ }).click();
  await expect(jobTile(page, instruction)).toHaveAttribute('data-state', 'failed', { timeout: 60_000 });
  return fake.requests.slice(before);
}

test.describe('money rules for edit and remix', () => {
  test.beforeEach(({ fakeApi }) => {
    test.skip(!fakeApi.fake, 'needs the bundled fake API to script failures (REVERIE_API_BASE_URL points elsewhere)');
  });

  test('an edit that may have been charged is sent once (5xx, dropped connection, garbage)', async ({ studio, fakeApi }) => {
    test.slow();
    const fake = fakeApi.fake!;
    await saveKey(studio, fakeApi.validKey);
    await generate(studio, 'a stone bridge over a stream');
    await imageArrived(studio, 'a stone bridge over a stream');

    await tile(studio, 'a stone bridge over a stream').click();
    await studio.keyboard.press('Enter');
    await studio
      .getByRole('dialog', { name: /a stone bridge/ })
      .getByRole('button', { name: 'Edit', exact: true })
      .click();

    for (const scenario of MAY_HAVE_BEEN_CHARGED) {
      const sent = await sendFailing(studio, fake, `edit under ${scenario}`, scenario);
      expect(
        sent.map((request) => (request.body as { model?: unknown }).model),
        scenario,
      ).toEqual(['reve/edit-image']);
    }
    // Every one of them is still failed, waiting for the user; none went out again.
    for (const scenario of MAY_HAVE_BEEN_CHARGED) await expect(jobTile(studio, `edit under ${scenario}`)).toHaveAttribute('data-state', 'failed');
    expect(fake.requests).toHaveLength(1 + MAY_HAVE_BEEN_CHARGED.length);
  });

  test('a remix that may have been charged is sent once (5xx, dropped connection, garbage)', async ({ studio, fakeApi }) => {
    test.slow();
    const fake = fakeApi.fake!;
    await saveKey(studio, fakeApi.validKey);
    await generate(studio, 'a paper boat');
    await imageArrived(studio, 'a paper boat');
    await generate(studio, 'a stormy sea');
    await imageArrived(studio, 'a stormy sea');

    await tile(studio, 'a paper boat').click();
    await tile(studio, 'a stormy sea').click({ modifiers: ['ControlOrMeta'] });
    await library(studio).getByRole('group', { name: 'Selection actions' }).getByRole('button', { name: 'Remix', exact: true }).click();

    for (const scenario of MAY_HAVE_BEEN_CHARGED) {
      const sent = await sendFailing(studio, fake, `remix under ${scenario}`, scenario);
      expect(sent, scenario).toHaveLength(1);
      const body = sent[0]!.body as { model?: unknown; image_urls?: unknown };
      expect(body.model, scenario).toBe('reve/remix-edit-image');
      expect(body.image_urls, scenario).toHaveLength(2);
    }
    for (const scenario of MAY_HAVE_BEEN_CHARGED) await expect(jobTile(studio, `remix under ${scenario}`)).toHaveAttribute('data-state', 'failed');
    expect(fake.requests).toHaveLength(2 + MAY_HAVE_BEEN_CHARGED.length);
  });
});
