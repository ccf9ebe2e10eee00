import sharp from 'sharp';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { saveKey } from './support';

/** Drops files from "the OS" onto the window: a real DataTransfer with real File objects. */
async function dropFiles(page: Page, files: Array<{ name: string; type: string; bytes: number[] }>) {
  await page.evaluate((list) => {
    const transfer = new DataTransfer();
    for (const file of list) transfer.items.add(new File([new Uint8Array(file.bytes)], file.name, { type: file.type }));
    for (const type of ['dragenter', 'dragover', 'drop']) {
      document.body.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }
  }, files);
}

test('the import message does not block clicks on what is under it (issue 11, defect 3)', async ({ studio, fakeApi }) => {
  await studio.setViewportSize({ width: 1440, height: 900 });
  // The first-start welcome is modal: with it closed, nothing but the message is over the studio.
  await saveKey(studio, fakeApi.validKey);
  const png = await sharp({ create: { width: 96, height: 64, channels: 3, background: { r: 200, g: 90, b: 40 } } })
    .png()
    .toBuffer();
  // A skipped file keeps the summary on screen until dismissed: the case where it stays longest.
  await dropFiles(studio, [
    { name: 'orange.png', type: 'image/png', bytes: [...png] },
    { name: 'notes.txt', type: 'text/plain', bytes: [...Buffer.from('not an image')] },
  ]);
  const summary = studio.getByText(/Imported 1 image; 1 skipped/);
  await expect(summary).toBeVisible();

  // The middle of the message's text: a click there reaches what is under the message.
  const box = await summary.boundingBox();
  if (!box) throw new Error('the summary is not laid out');
  const hit = await studio.evaluate(
    ([x, y]) => {
      const element = document.elementFromPoint(x, y);
      const inStudio = element !== null && element.closest('.app') !== null && element.closest('.import-feedback') === null;
      return { underMessage: inStudio, tag: element?.tagName ?? null };
    },
    [box.x + box.width / 2, box.y + box.height / 2] as const,
  );
  expect(hit.underMessage, `a click on the message lands on ${hit.tag} inside it`).toBe(true);

  // Its own button still works.
  await studio.getByRole('button', { name: 'Dismiss import summary' }).click();
  await expect(summary).toBeHidden();
});
