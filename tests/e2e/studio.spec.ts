import { expect, test } from './fixtures';
import { generate, library, openQueue, saveKey, thumbnailLoaded } from './support';

test('saves a key in the keychain, generates, and sees the image in the Library', async ({ studio, fakeApi, secretStore }) => {
  await saveKey(studio, fakeApi.validKey);
  expect(secretStore.peek()).toBe(fakeApi.validKey);
  await expect(studio.locator('body')).not.toContainText(fakeApi.validKey);

  const prompt = 'A T-Rex relaxing on a beach, lying on a sun lounger and wearing sunglasses.';
  await generate(studio, prompt, '16:9');

  const tile = library(studio).getByRole('img', { name: prompt });
  await expect(tile).toBeVisible();
  await expect.poll(() => thumbnailLoaded(studio, prompt)).toBe(true);
  await expect(studio.getByRole('textbox', { name: 'Prompt' })).toHaveValue(prompt);
  if (fakeApi.fake) {
    expect(fakeApi.fake.requests.map((r) => r.body)).toEqual([{ model: 'reve/create-image', prompt, aspect_ratio: '16:9' }]);
  }

  // The sent prompt is in the history, a popover on the prompt bar.
  await studio.getByRole('button', { name: 'Prompt history' }).click();
  await expect(studio.getByRole('region', { name: 'Prompt history' })).toContainText(prompt);
  await studio.keyboard.press('Escape');
  await expect(studio.getByRole('region', { name: 'Prompt history' })).toHaveCount(0);
  await studio.screenshot({ path: test.info().outputPath('studio.png') });
});

test('restarts on the same data folder with the API unreachable and still shows the library', async ({ launchStudio, fakeApi, dataDir }) => {
  const first = await launchStudio();
  await saveKey(first.page, fakeApi.validKey);
  await generate(first.page, 'a lighthouse in the fog', '2:3');
  await expect(library(first.page).getByRole('img', { name: 'a lighthouse in the fog' })).toBeVisible();
  await first.close();

  // Port 9 (discard) has no listener here: every request fails to connect.
  const offline = await launchStudio({ dataDir, apiBaseUrl: 'http://127.0.0.1:9/v1' });
  await expect(library(offline.page).getByRole('img', { name: 'a lighthouse in the fog' })).toBeVisible();
  await expect.poll(() => thumbnailLoaded(offline.page, 'a lighthouse in the fog')).toBe(true);

  // Offline is a state, not a string of failures: the studio says so and the job waits in the queue.
  await expect(offline.page.getByText(/Offline — your library works as usual/)).toBeVisible();
  await generate(offline.page, 'this one cannot be sent');
  // It says it waits for the network (issue 11, defect 2), with no failure card.
  const waiting = (await openQueue(offline.page)).getByRole('listitem').first();
  await expect(waiting).toContainText('Waiting for the network');
  await expect(waiting.getByRole('alert')).toHaveCount(0);
  await expect(offline.page.getByRole('textbox', { name: 'Prompt' })).toHaveValue('this one cannot be sent');
  await expect(library(offline.page).getByRole('img')).toHaveCount(1);
});

test('an API failure shows a clear error, keeps the prompt, and stores nothing', async ({ studio, fakeApi }) => {
  test.skip(!fakeApi.fake, 'needs the bundled fake API to choose the failure (REVERIE_API_BASE_URL points elsewhere)');
  await saveKey(studio, fakeApi.validKey);
  fakeApi.fake!.setScenario('403');

  await generate(studio, 'a paid-for prompt that fails');

  await expect(studio.getByRole('alert')).toContainText(/credits/i);
  await expect(studio.getByRole('textbox', { name: 'Prompt' })).toHaveValue('a paid-for prompt that fails');
  await expect(library(studio).getByRole('img')).toHaveCount(0);
  expect(fakeApi.fake!.requests).toHaveLength(1);
});

test('a content violation is shown as a policy refusal', async ({ studio, fakeApi }) => {
  test.skip(!fakeApi.fake, 'needs the bundled fake API to choose the refusal (REVERIE_API_BASE_URL points elsewhere)');
  await saveKey(studio, fakeApi.validKey);
  fakeApi.fake!.setScenario('content-violation');
  await generate(studio, 'something the policy refuses');
  await expect(studio.getByRole('alert')).toContainText(/polic/i);
  await expect(library(studio).getByRole('img')).toHaveCount(0);
});

test('an over-long prompt cannot be sent and says why', async ({ studio, fakeApi }) => {
  await saveKey(studio, fakeApi.validKey);
  await studio.getByRole('textbox', { name: 'Prompt' }).fill('x'.repeat(2561));
  await expect(studio.getByText('2561 / 2560')).toBeVisible();
  const generateButton = studio.getByRole('button', { name: 'Generate' });
  if (await generateButton.isEnabled()) await generateButton.click();
  await expect(studio.getByText(/at most 2560 characters|too long/i).first()).toBeVisible();
  if (fakeApi.fake) expect(fakeApi.fake.requests).toHaveLength(0);
});

test('the page runs under the production Content-Security-Policy without violations', async ({ studio }) => {
  const csp = await studio.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain('unsafe-eval');
  const inlineRan = await studio.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.head.append(script);
    return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
  });
  expect(inlineRan).toBe(false);
});
