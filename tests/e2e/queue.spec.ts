import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { library, libraryFiles, openSettings, openQueue, queue, saveKey } from './support';

/** The queue entry of the n-th job (1-based, in queue order). */
const job = (page: Page, n: number) =>
  queue(page)
    .getByRole('listitem')
    .nth(n - 1);

async function setConcurrency(page: Page, value: number) {
  const settings = await openSettings(page, 'Generation');
  await settings.getByRole('spinbutton', { name: 'Concurrent requests' }).fill(String(value));
  await settings.getByRole('spinbutton', { name: 'Concurrent requests' }).blur();
  await settings.getByRole('button', { name: 'Close' }).click();
  await expect(settings).toBeHidden();
}

async function queueBatch(page: Page, prompt: string, count: number) {
  await page.getByRole('textbox', { name: 'Prompt' }).fill(prompt);
  await page.getByRole('spinbutton', { name: 'Images per ratio' }).fill(String(count));
  await page.getByRole('button', { name: /^Generate/ }).click();
}

test.beforeEach(({ fakeApi }) => {
  test.skip(!fakeApi.fake, 'needs the bundled fake API to script failures (REVERIE_API_BASE_URL points elsewhere)');
});

test('a batch of 4 with one failure and one cancel ends with 2 images, the right states and no stray files', async ({ launchStudio, fakeApi, dataDir }) => {
  const { page } = await launchStudio();
  await saveKey(page, fakeApi.validKey);
  // One at a time, so the scripted answers meet the jobs in queue order.
  await setConcurrency(page, 1);
  fakeApi.fake!.setScenarioSequence(['ok', '500', 'hang', 'ok']);

  await queueBatch(page, 'four lanterns on a quiet river', 4);
  await openQueue(page);
  await expect(queue(page).getByRole('listitem')).toHaveCount(4);

  // The third request hangs at the API: cancel it while it is out.
  await expect(job(page, 3)).toContainText('Sending');
  await job(page, 3).getByRole('button', { name: 'Cancel' }).click();

  await expect(job(page, 1)).toContainText('Done');
  await expect(job(page, 2)).toContainText('Failed');
  await expect(job(page, 3)).toContainText('Cancelled');
  await expect(job(page, 4)).toContainText('Done');
  await expect(library(page).getByRole('img', { name: 'four lanterns on a quiet river' })).toHaveCount(2);
  expect(fakeApi.fake!.requests).toHaveLength(4);

  // Two originals, two thumbnails, two sidecars and the folder's library marker; nothing half-written,
  // nothing left in incoming/ (a job reads "done" just before its receipt there is removed: poll).
  // (The failed job made no library entry: a 500 gave no image to list.)
  await expect.poll(async () => (await libraryFiles(dataDir)).length).toBe(7);
  const files = await libraryFiles(dataDir);
  expect(files.filter((f) => f.startsWith('images/') && f.endsWith('.png'))).toHaveLength(2);
  expect(files.filter((f) => f.startsWith('thumbs/'))).toHaveLength(2);
  expect(files.filter((f) => f.startsWith('records/') && f.endsWith('.json'))).toHaveLength(2);
  expect(files).toContain('reverie-library.json');
});

test('a restart mid-batch shows the interrupted job and waits to resume the pending ones', async ({ launchStudio, fakeApi, dataDir }) => {
  const first = await launchStudio();
  await saveKey(first.page, fakeApi.validKey);
  await setConcurrency(first.page, 1);
  fakeApi.fake!.setScenarioSequence(['hang']);
  await queueBatch(first.page, 'three paper cranes', 3);
  await openQueue(first.page);
  await expect(job(first.page, 1)).toContainText('Sending');
  await expect.poll(() => fakeApi.fake!.requests.length).toBe(1);

  // The app "dies" with one request out and two waiting.
  await first.close();
  const second = await launchStudio({ dataDir });
  // The queue is in a drawer the header's activity indicator opens.
  await openQueue(second.page);

  await expect(job(second.page, 1)).toContainText(/Interrupted/);
  await expect(job(second.page, 1)).toContainText(/may have been charged/);
  await expect(job(second.page, 2)).toContainText('Queued');
  await expect(job(second.page, 3)).toContainText('Queued');
  await expect(queue(second.page)).toContainText(/2 jobs from your last session are waiting/);
  // Nothing is sent until the user says so.
  expect(fakeApi.fake!.requests).toHaveLength(1);

  await queue(second.page).getByRole('button', { name: 'Resume queue' }).click();
  await expect(job(second.page, 2)).toContainText('Done');
  await expect(job(second.page, 3)).toContainText('Done');
  await expect(job(second.page, 1)).toContainText(/Interrupted/);
  await expect(library(second.page).getByRole('img', { name: 'three paper cranes' })).toHaveCount(2);
  expect(fakeApi.fake!.requests).toHaveLength(3);
});

test('a 429 is retried by itself with a visible countdown', async ({ studio, fakeApi }) => {
  await saveKey(studio, fakeApi.validKey);
  // Long enough to be seen on a loaded machine; short enough to keep the test quick.
  fakeApi.fake!.setScenario('429', { retryAfterSeconds: 5 });
  await queueBatch(studio, 'a patient heron', 1);
  // The countdown shows on the job's tile in the gallery at once; the drawer then has its outcome.
  await expect(library(studio).getByRole('group', { name: /^Generating: a patient heron/ })).toContainText(/Retrying in \d+ s/);
  await openQueue(studio);
  await expect(job(studio, 1)).toContainText('Done');
  expect(fakeApi.fake!.requests).toHaveLength(2);
});

test('out of credits offers the billing page, opened by name in the system browser', async ({ launchStudio, fakeApi }) => {
  const opened = await launchStudio();
  await saveKey(opened.page, fakeApi.validKey);
  fakeApi.fake!.setScenario('403');
  await queueBatch(opened.page, 'an expensive idea', 1);
  await openQueue(opened.page);
  await expect(job(opened.page, 1)).toContainText('Failed');
  await expect(job(opened.page, 1)).toContainText(/credits/i);
  await job(opened.page, 1).getByRole('button', { name: 'Open billing page' }).click();
  await expect.poll(() => opened.openedLinks).toEqual(['https://aimlapi.com/app/billing']);
});

test('the draft survives a restart, and a past prompt is one click away in the history', async ({ launchStudio, fakeApi, dataDir }) => {
  const first = await launchStudio();
  await saveKey(first.page, fakeApi.validKey);
  await queueBatch(first.page, 'a glass greenhouse at dawn', 1);
  await openQueue(first.page);
  await expect(job(first.page, 1)).toContainText('Done');
  await first.page.getByRole('textbox', { name: 'Prompt' }).fill('an unfinished thought about');
  await expect
    .poll(async () => (await first.studio.handlers['draft:get'](undefined)).ok && JSON.stringify(await first.studio.handlers['draft:get'](undefined)))
    .toContain('an unfinished thought about');
  await first.close();

  const second = await launchStudio({ dataDir });
  await expect(second.page.getByRole('textbox', { name: 'Prompt' })).toHaveValue('an unfinished thought about');

  // The history is a popover on the prompt bar.
  await second.page.getByRole('button', { name: 'Prompt history' }).click();
  const history = second.page.getByRole('region', { name: 'Prompt history' });
  await history.getByRole('searchbox', { name: 'Search prompts' }).fill('greenhouse');
  await history.getByRole('button', { name: /^Use/ }).first().click();
  await expect(second.page.getByRole('textbox', { name: 'Prompt' })).toHaveValue('a glass greenhouse at dawn');
  expect(fakeApi.fake!.requests).toHaveLength(1);
});
