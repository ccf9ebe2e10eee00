import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFakeClipboard, fakeStartDrag, nativeImage, type FakeDrag } from './support/fake-electron-desktop';
import { makeImage } from './support/library-fixtures';

/** The fake's own rules: it must refuse what Electron refuses, or the adapter tests prove nothing. */

const folder = await mkdtemp(join(tmpdir(), 'reverie-fake-electron-'));
afterAll(() => rm(folder, { recursive: true, force: true }));

const png = await makeImage('png', 40, 30);
const jpeg = await makeImage('jpeg', 40, 30);
const webp = await makeImage('webp', 40, 30);

describe('fake nativeImage (PNG and JPEG only, as docs/api/native-image.md says)', () => {
  it('decodes PNG and JPEG from a buffer, with their size', () => {
    expect(nativeImage.createFromBuffer(Buffer.from(png)).getSize()).toEqual({ width: 40, height: 30 });
    expect(nativeImage.createFromBuffer(Buffer.from(jpeg)).getSize()).toEqual({ width: 40, height: 30 });
    expect(nativeImage.createFromBuffer(png).isEmpty()).toBe(false);
  });

  it('gives an empty image for WebP, text and a truncated PNG', () => {
    expect(nativeImage.createFromBuffer(Buffer.from(webp)).isEmpty()).toBe(true);
    expect(nativeImage.createFromBuffer(Buffer.from('<svg/>')).isEmpty()).toBe(true);
    expect(nativeImage.createFromBuffer(Buffer.from(png.subarray(0, png.length - 20))).isEmpty()).toBe(true);
  });

  it('takes raw pixels only with a size and enough bytes', () => {
    expect(nativeImage.createFromBuffer(Buffer.alloc(16), { width: 2, height: 2 }).isEmpty()).toBe(false);
    expect(nativeImage.createFromBuffer(Buffer.alloc(15), { width: 2, height: 2 }).isEmpty()).toBe(true);
  });

  it('throws for something that is not a buffer', () => {
    expect(() => nativeImage.createFromBuffer('a.png')).toThrow('buffer must be a node Buffer');
  });

  it('reads files by path: a WebP or a missing file is empty, not an error', async () => {
    await writeFile(join(folder, 'a.png'), png);
    await writeFile(join(folder, 'a.webp'), webp);
    expect(nativeImage.createFromPath(join(folder, 'a.png')).isEmpty()).toBe(false);
    expect(nativeImage.createFromPath(join(folder, 'a.webp')).isEmpty()).toBe(true);
    expect(nativeImage.createFromPath(join(folder, 'missing.png')).isEmpty()).toBe(true);
  });
});

describe('fake startDrag (WebContents::StartDrag)', () => {
  const icon = nativeImage.createFromBuffer(Buffer.from(png));

  it('records a drag with a non-empty icon; `files` wins over `file`', () => {
    const drags: FakeDrag[] = [];
    fakeStartDrag({ file: '/a.png', files: ['/b.png', '/c.png'], icon }, drags);
    fakeStartDrag({ file: '/a.png', icon }, drags);
    expect(drags.map((drag) => drag.files)).toEqual([['/b.png', '/c.png'], ['/a.png']]);
  });

  it('does nothing, silently, with an empty icon', () => {
    const drags: FakeDrag[] = [];
    fakeStartDrag({ files: ['/a.png'], icon: nativeImage.createFromBuffer(Buffer.from(webp)) }, drags);
    // The empty icon is checked before the files, so even a drag of nothing is silent.
    fakeStartDrag({ icon: nativeImage.createEmpty() }, drags);
    expect(drags).toEqual([]);
  });

  it('throws for a missing icon, an icon path that does not load, and no files', async () => {
    await writeFile(join(folder, 'icon.webp'), webp);
    expect(() => fakeStartDrag({ file: '/a.png' }, [])).toThrow("'icon' parameter is required");
    expect(() => fakeStartDrag({ file: '/a.png', icon: join(folder, 'icon.webp') }, [])).toThrow(/^Failed to load image from path/);
    expect(() => fakeStartDrag({ file: '/a.png', icon: 42 }, [])).toThrow('Argument must be a file path or a NativeImage');
    expect(() => fakeStartDrag({ icon }, [])).toThrow("Must specify either 'file' or 'files' option");
    expect(() => fakeStartDrag({ file: '/a.png', files: [], icon }, [])).toThrow("Must specify either 'file' or 'files' option");
  });
});

describe('fake clipboard (clipboard.write with ClipboardItem)', () => {
  it('keeps text and a PNG or JPEG image written together', async () => {
    const fake = createFakeClipboard();
    await fake.clipboard.write([new fake.ClipboardItem({ 'text/plain': 'a kite', 'image/png': new Blob([new Uint8Array(png)], { type: 'image/png' }) })]);
    expect(fake.contents()).toMatchObject({ text: 'a kite', image: { kind: 'png', width: 40, height: 30 } });
    expect(await fake.clipboard.readText()).toBe('a kite');
  });

  it('drops a WebP image silently, and leaves the clipboard as it was when nothing else was written', async () => {
    const fake = createFakeClipboard();
    await fake.clipboard.write([new fake.ClipboardItem({ 'text/plain': 'before' })]);
    await fake.clipboard.write([new fake.ClipboardItem({ 'image/png': new Blob([new Uint8Array(webp)]) })]);
    expect(fake.contents()).toEqual({ text: 'before', raw: {} });
    await fake.clipboard.write([new fake.ClipboardItem({ 'text/plain': 'after', 'image/png': new Blob([new Uint8Array(webp)]) })]);
    expect(fake.contents()).toEqual({ text: 'after', raw: {} });
  });

  it('refuses what Electron refuses', async () => {
    const fake = createFakeClipboard();
    expect(() => new fake.ClipboardItem({})).toThrow(TypeError);
    expect(() => new fake.ClipboardItem([] as never)).toThrow(TypeError);
    await expect(fake.clipboard.write({} as never)).rejects.toThrow('clipboard.write expects an array of ClipboardItem');
    await expect(fake.clipboard.write([{ 'text/plain': 'x' }] as never)).rejects.toThrow('clipboard.write expects an array of ClipboardItem');
    await expect(fake.clipboard.write([new fake.ClipboardItem({ 'image/png': 42 as never })])).rejects.toThrow(
      'ClipboardItem payload values must be a string or a Blob',
    );
    expect(fake.contents()).toBeNull();
  });
});
