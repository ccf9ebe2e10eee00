import sharp from 'sharp';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { library, openQueue, saveKey, skipWelcome } from './support';

/** Real PNG bytes with a prompt in a tEXt chunk, the way other image tools save them. */
async function pngWithPrompt(prompt: string, seed: number): Promise<number[]> {
  const png = await sharp({ create: { width: 96, height: 64, channels: 3, background: { r: seed * 40, g: 90, b: 160 } } })
    .png()
    .toBuffer();
  // tEXt chunk after IHDR: length, type, keyword\0text, CRC.
  const { crc32 } = await import('node:zlib');
  const data = Buffer.concat([Buffer.from('prompt\0', 'latin1'), Buffer.from(prompt, 'latin1')]);
  const type = Buffer.from('tEXt', 'latin1');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([type, data])));
  const ihdrEnd = 8 + 25;
  return [...Buffer.concat([png.subarray(0, ihdrEnd), length, type, data, crc, png.subarray(ihdrEnd)])];
}

/** Drops files from "the OS" onto the window: a real DataTransfer with real File objects. */
async function dropFiles(page: Page, files: Array<{ name: string; type: string; bytes: number[] }>) {
  await page.evaluate((list) => {
    const transfer = new DataTransfer();
    for (const file of list) transfer.items.add(new File([new Uint8Array(file.bytes)], file.name, { type: file.type }));
    const target = document.body;
    for (const type of ['dragenter', 'dragover', 'drop']) {
      target.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }
  }, files);
}

test('images dropped from the OS join the library with the prompt they carry', async ({ studio }) => {
  await skipWelcome(studio);
  await dropFiles(studio, [
    { name: 'kite.png', type: 'image/png', bytes: await pngWithPrompt('a red kite over the dunes', 1) },
    { name: 'notes.txt', type: 'text/plain', bytes: [...Buffer.from('not an image')] },
  ]);
  await expect(studio.getByText(/Imported 1 image/)).toBeVisible();
  await expect(library(studio).getByRole('img', { name: 'a red kite over the dunes' })).toBeVisible();
});

test('search as you type, star, trash and undo, restore from the trash', async ({ studio }) => {
  await skipWelcome(studio);
  await dropFiles(studio, [
    { name: 'a.png', type: 'image/png', bytes: await pngWithPrompt('harbor at dawn', 1) },
    { name: 'b.png', type: 'image/png', bytes: await pngWithPrompt('harbor at dusk', 2) },
    { name: 'c.png', type: 'image/png', bytes: await pngWithPrompt('forest cabin in snow', 3) },
  ]);
  await expect(library(studio)).toContainText('3 images');

  const search = library(studio).getByRole('searchbox', { name: 'Search library' });
  // One input event: typing key by key on a loaded machine lets an earlier prefix's results show
  // first, and the final query then (rightly) clears a selection made in between.
  await search.fill('harb');
  await expect(library(studio)).toContainText('2 images');
  await expect(library(studio).getByRole('img', { name: 'forest cabin in snow' })).toHaveCount(0);

  // Select both matches and star them.
  await library(studio).getByRole('button', { name: 'Select all' }).click();
  await expect(library(studio).getByRole('group', { name: 'Selection actions' })).toContainText('2 selected');
  await library(studio).getByRole('group', { name: 'Selection actions' }).getByRole('button', { name: 'Star', exact: true }).click();
  await search.fill('');
  // The filters open in a popover over the page; the Favorites place gives the same list.
  await library(studio).getByRole('button', { name: 'Filters' }).click();
  const filters = studio.getByRole('group', { name: 'Filters' });
  await filters.getByRole('checkbox', { name: 'Favorites only' }).check();
  await expect(library(studio)).toContainText('2 images');
  await filters.getByRole('checkbox', { name: 'Favorites only' }).uncheck();
  await studio.keyboard.press('Escape');
  await expect(filters).toBeHidden();
  const places = studio.getByRole('navigation', { name: 'Library places' });
  await places.getByRole('button', { name: 'Favorites', exact: true }).click();
  await expect(places.getByRole('button', { name: 'Favorites', exact: true })).toHaveAttribute('aria-current', 'page');
  await expect(library(studio)).toContainText('2 images');
  await places.getByRole('button', { name: 'All', exact: true }).click();
  await expect(library(studio)).toContainText('3 images');

  // Trash one, undo, trash it again, then restore it from the trash.
  await library(studio).getByRole('gridcell', { name: 'forest cabin in snow' }).click();
  await library(studio).getByRole('group', { name: 'Selection actions' }).getByRole('button', { name: 'Move to trash' }).click();
  await expect(library(studio)).toContainText('2 images');
  await library(studio).getByRole('button', { name: 'Undo' }).click();
  await expect(library(studio)).toContainText('3 images');

  await library(studio).getByRole('gridcell', { name: 'forest cabin in snow' }).click();
  await library(studio).getByRole('group', { name: 'Selection actions' }).getByRole('button', { name: 'Move to trash' }).click();
  await expect(library(studio)).toContainText('2 images');
  await places.getByRole('button', { name: 'Trash', exact: true }).click();
  await expect(library(studio)).toContainText('1 image in the trash');
  await library(studio).getByRole('gridcell', { name: 'forest cabin in snow' }).click();
  await library(studio).getByRole('group', { name: 'Selection actions' }).getByRole('button', { name: 'Restore' }).click();
  await expect(library(studio)).toContainText('The trash is empty');
});

test('the viewer shows details, steps with the arrow keys, and "Use these settings" fills the composer without sending', async ({ studio, fakeApi }) => {
  await saveKey(studio, fakeApi.validKey);
  await studio.getByRole('textbox', { name: 'Prompt' }).fill('a lighthouse in fog');
  await studio.getByRole('radiogroup', { name: 'Aspect ratio' }).getByRole('radio', { name: '16:9', exact: true }).check();
  await studio.getByRole('button', { name: /^Generate/ }).click();
  await studio.getByRole('textbox', { name: 'Prompt' }).fill('a lighthouse at noon');
  await studio.getByRole('radiogroup', { name: 'Aspect ratio' }).getByRole('radio', { name: '1:1', exact: true }).check();
  await studio.getByRole('button', { name: /^Generate/ }).click();
  await expect(library(studio).getByRole('img')).toHaveCount(2);

  await library(studio).getByRole('gridcell', { name: 'a lighthouse in fog' }).dblclick();
  const viewer = studio.getByRole('dialog', { name: 'a lighthouse in fog' });
  await expect(viewer).toBeVisible();
  const details = viewer.getByRole('region', { name: 'Details' });
  await expect(details).toContainText('1360 × 768');
  await expect(details).toContainText('126,000 credits');
  await expect(details).toContainText('$0.063');
  await expect(details).toContainText(/rsid-[0-9a-f]{32}/);
  await expect.poll(() => viewer.getByRole('img', { name: 'a lighthouse in fog' }).evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1360);

  await studio.keyboard.press('ArrowLeft');
  await expect(studio.getByRole('dialog', { name: 'a lighthouse at noon' })).toBeVisible();
  await studio.keyboard.press('ArrowRight');
  await expect(viewer).toBeVisible();

  const posts = fakeApi.fake?.requests.length;
  await viewer.getByRole('button', { name: 'Use these settings' }).click();
  await expect(viewer).toBeHidden();
  await expect(studio.getByRole('textbox', { name: 'Prompt' })).toHaveValue('a lighthouse in fog');
  await expect(studio.getByRole('radiogroup', { name: 'Aspect ratio' }).getByRole('radio', { name: '16:9', exact: true })).toBeChecked();
  if (fakeApi.fake) expect(fakeApi.fake.requests.length).toBe(posts);
  await expect((await openQueue(studio)).getByRole('listitem')).toHaveCount(2);
});
