import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { expect, test } from './fixtures';
import { library, saveKey, skipWelcome } from './support';

test('exports a selection of 3 to a folder as resized JPEGs with a manifest, and shows the folder', async ({ launchStudio, fakeApi }) => {
  const opened = await launchStudio();
  const { page } = opened;
  await saveKey(page, fakeApi.validKey);
  await page.getByRole('textbox', { name: 'Prompt' }).fill('three lanterns for export');
  await page.getByRole('spinbutton', { name: 'Images per ratio' }).fill('3');
  await page.getByRole('button', { name: /^Generate/ }).click();
  await expect(library(page).getByRole('img', { name: 'three lanterns for export' })).toHaveCount(3);

  const destination = await mkdtemp(join(tmpdir(), 'reverie-e2e-export-'));
  try {
    opened.folderAnswers.push(destination);
    await library(page).getByRole('button', { name: 'Select all' }).click();
    await library(page)
      .getByRole('group', { name: 'Selection actions' })
      .getByRole('button', { name: /^Export/ })
      .click();

    const dialog = page.getByRole('dialog', { name: 'Export' });
    await dialog.getByRole('combobox', { name: 'Format' }).selectOption({ label: 'JPEG' });
    await dialog.getByRole('group', { name: 'Size' }).getByRole('radio', { name: '512', exact: true }).check();
    await dialog.getByRole('button', { name: 'Choose folder and export' }).click();

    // Three images and the manifest.
    await expect(dialog).toContainText('Exported 3 images (4 files)');
    const files = await readdir(destination);
    const jpegs = files.filter((name) => name.endsWith('.jpg'));
    expect(jpegs).toHaveLength(3);
    expect(files).toContain('manifest.csv');
    for (const name of jpegs) {
      const meta = await sharp(join(destination, name)).metadata();
      expect(meta.format).toBe('jpeg');
      expect(Math.max(meta.width, meta.height)).toBe(512);
      expect(name).toContain('three lanterns for export');
    }
    const manifest = await readFile(join(destination, 'manifest.csv'), 'utf8');
    expect(manifest.split(/\r?\n/).filter((line) => line.includes('three lanterns for export'))).toHaveLength(3);

    await dialog.getByRole('button', { name: 'Show in folder' }).click();
    await expect.poll(() => opened.revealed).toEqual([destination]);
  } finally {
    await rm(destination, { recursive: true, force: true });
  }
});

test('drags WebP images out as PNG copies made ready ahead, with a PNG icon, and copies one as PNG', async ({ launchStudio }) => {
  const opened = await launchStudio();
  const { page, studio } = opened;
  await skipWelcome(page);
  // Two WebP images in the library, as a drop of files would bring them.
  const webps = await Promise.all(
    [1, 2].map((seed) =>
      sharp({ create: { width: 90 + seed, height: 60, channels: 3, background: { r: 40 * seed, g: 90, b: 160 } } })
        .webp()
        .toBuffer(),
    ),
  );
  const ids = await page.evaluate(
    async (files) => {
      const { reverie } = window as unknown as { reverie: { invoke: (channel: string, input: unknown) => Promise<any> } };
      const settings = await reverie.invoke('settings:update', { dragFormat: 'png' });
      if (!settings.ok) throw new Error(settings.error.message);
      const imported = await reverie.invoke('library:import', { files: files.map(([name, bytes]) => ({ name, bytes: new Uint8Array(bytes) })) });
      if (!imported.ok) throw new Error(imported.error.message);
      return imported.value.imported.map((item: { id: string }) => item.id) as string[];
    },
    webps.map((bytes, index) => [`kite ${index + 1}.webp`, [...bytes]] as const),
  );

  // Selecting both is what tells main to make them ready (PNG copies, the icon).
  const tile = (name: string) => library(page).getByRole('gridcell', { name });
  await tile('kite 1').click();
  await tile('kite 2').click({ modifiers: ['ControlOrMeta'] });
  // Main's own answer to the same preparation: it resolves once the copies are written.
  expect(await studio.handlers['drag:prepare']({ ids })).toMatchObject({ ok: true, value: { files: 2, format: 'png' } });

  await tile('kite 2').dispatchEvent('dragstart');
  await expect.poll(() => opened.drags.length).toBe(1);
  const [drag] = opened.drags;
  expect(drag!.files.map((file) => file.split('/').pop()).sort()).toEqual(['kite 1.png', 'kite 2.png']);
  for (const file of drag!.files) expect((await sharp(file).metadata()).format).toBe('png');
  const icon = await sharp(drag!.icon).metadata();
  expect(icon.format).toBe('png');
  expect(Math.max(icon.width, icon.height)).toBeLessThanOrEqual(96);
  await expect(library(page).getByRole('alert')).toHaveCount(0);

  await tile('kite 1').click({ button: 'right' });
  await page.getByRole('menu', { name: 'Image actions' }).getByRole('menuitem', { name: 'Copy image' }).click();
  await expect(library(page).getByRole('region', { name: 'Library messages (F8)' })).toContainText('Copied image');
  const copied = await sharp(opened.clipboardWrites.at(-1)!.png!).metadata();
  expect([copied.format, copied.width, copied.height]).toEqual(['png', 91, 60]);
});
