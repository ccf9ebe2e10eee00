import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { expect, test } from './fixtures';
import { library, saveKey } from './support';

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
    await library(page).getByRole('group', { name: 'Selection actions' }).getByRole('button', { name: /^Export/ }).click();

    const dialog = page.getByRole('dialog', { name: 'Export' });
    await dialog.getByRole('combobox', { name: 'Format' }).selectOption({ label: 'JPEG' });
    await dialog.getByRole('group', { name: 'Size' }).getByRole('radio', { name: '512', exact: true }).check();
    await dialog.getByRole('button', { name: 'Choose folder and export' }).click();

    // Three images and the manifest.
    await expect(dialog).toContainText('Exported 4 files');
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
