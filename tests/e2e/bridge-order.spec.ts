import { expect, test } from '@playwright/test';
import { ok } from '../../electron/shared/errors';
import { deliverEvent, installBridge } from './harness/bridge';

/**
 * The harness stands in for Electron's IPC, so it must keep Electron's order: events main sends
 * while it handles a call reach the page before that call's reply, in the order sent. The queue's
 * mirror depends on it (a reply's snapshot is taken as newer than every event before it).
 */
test('events sent while a call is handled reach the page before its reply, in order', async ({ page }) => {
  const EVENTS = 200;
  await installBridge(
    page,
    async () => {
      // Main's emit does not wait for the page: fire and forget, as webContents.send does.
      for (let index = 0; index < EVENTS; index += 1) {
        void deliverEvent([page], 'queue:jobs-removed', { jobIds: [`job-${index}`, 'x'.repeat(2_000)] });
      }
      return ok('reply');
    },
    'reverie-media://harness',
  );
  await page.goto('data:text/html,<title>bridge</title>');
  const seen = await page.evaluate(async () => {
    const log: string[] = [];
    const api = (window as unknown as { reverie: { on: (e: string, l: (p: { jobIds: string[] }) => void) => void; invoke: (c: string) => Promise<unknown> } })
      .reverie;
    api.on('queue:jobs-removed', (payload) => log.push(payload.jobIds[0] ?? ''));
    await api.invoke('queue:list');
    log.push('reply');
    return log;
  });
  expect(seen).toEqual([...Array.from({ length: EVENTS }, (_, index) => `job-${index}`), 'reply']);
});
