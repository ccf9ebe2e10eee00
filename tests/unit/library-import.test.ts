import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { ImageStore } from '../../electron/main/services/library-folder/image-store';
import type { Library } from '../../electron/main/services/library/library';
import { IMPORTED_MODEL, importImages, nearestAspectRatio, titleFromFileName } from '../../electron/main/services/library-folder/import';
import { listFiles, listOk, makeImage, makeItem } from './support/library-fixtures';
import { fileItem, useLibraryFolders } from './support/library-folder-fixtures';
import { withPngText } from '../../electron/main/services/image-metadata/png-text-chunks';

const NOW = 1_760_000_000_000;

function picture(width: number, height: number, seed = 0) {
  return sharp({ create: { width, height, channels: 3, background: { r: seed % 256, g: 120, b: 200 } } });
}

describe('importImages', () => {
  const folders = useLibraryFolders();

  async function setUp(): Promise<{ root: string; store: ImageStore; library: Library; deps: Parameters<typeof importImages>[1] }> {
    const { root, store, library } = await folders.create();
    return { root, store, library, deps: { store, library, codec: folders.codec, now: () => NOW } };
  }

  it('imports a PNG with its embedded prompt: stored, sidecar, row, ratio from its shape', async () => {
    const { store, library, deps } = await setUp();
    const bytes = withPngText(new Uint8Array(await picture(160, 90).png().toBuffer()), [
      { keyword: 'parameters', text: 'a neon street in the rain\nNegative prompt: people\nSteps: 20, Model: sdxl_base' },
    ]);

    const result = await importImages([{ name: 'street.png', bytes }], deps);

    expect(result.skipped).toEqual([]);
    expect(result.imported).toHaveLength(1);
    const item = result.imported[0]!;
    expect(item).toMatchObject({
      prompt: 'a neon street in the rain',
      title: 'street',
      model: 'sdxl_base',
      aspectRatio: '16:9',
      status: 'ok',
      origin: 'imported',
      width: 160,
      height: 90,
      createdAt: NOW,
      mimeType: 'image/png',
      byteSize: bytes.byteLength,
      requestId: null,
      credits: null,
      sourceUrl: null,
      favorite: false,
      tags: [],
      collectionIds: [],
      trashedAt: null,
      fileMissing: false,
    });
    expect(library.get(item.id)).toEqual(item);
    expect(await store.readSidecar(item.id)).toEqual({ item, collections: {} });
    expect(new Uint8Array(await readFile(store.originalPath(item.fileHash ?? '', 'image/png')))).toEqual(bytes);
  });

  it("takes prompt, ratio, model and date from Reverie's own export", async () => {
    const { deps } = await setUp();
    const exported = { prompt: 'a paper crane on a desk', aspectRatio: '2:3', model: 'reve/create-image', createdAt: NOW - 86_400_000 };
    const bytes = withPngText(new Uint8Array(await picture(100, 100).png().toBuffer()), [
      { keyword: 'reverie', text: JSON.stringify(exported), kind: 'iTXt' },
      { keyword: 'Description', text: 'not this one' },
    ]);

    const { imported } = await importImages([{ name: 'crane.png', bytes }], deps);

    expect(imported[0]).toMatchObject({ ...exported, origin: 'imported' });
  });

  it('reads a JPEG description from EXIF and a WebP one from XMP', async () => {
    const { deps } = await setUp();
    const jpeg = await picture(90, 160, 1)
      .withExif({ IFD0: { ImageDescription: 'a tall lighthouse' } })
      .jpeg()
      .toBuffer();
    const commented = await picture(120, 90, 2)
      .withExif({ IFD2: { UserComment: 'a comment about a harbour' } })
      .jpeg()
      .toBuffer();
    const xmp =
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">' +
      '<dc:description><rdf:Alt><rdf:li xml:lang="x-default">a desert at noon</rdf:li></rdf:Alt></dc:description></rdf:Description></rdf:RDF></x:xmpmeta>';
    const webp = await picture(150, 100, 3).withXmp(xmp).webp().toBuffer();

    const { imported, skipped } = await importImages(
      [
        { name: 'tall.jpg', bytes: new Uint8Array(jpeg) },
        { name: 'harbour.jpeg', bytes: new Uint8Array(commented) },
        { name: 'desert.webp', bytes: new Uint8Array(webp) },
      ],
      deps,
    );

    expect(skipped).toEqual([]);
    expect(imported.map(({ prompt, aspectRatio, mimeType, model }) => ({ prompt, aspectRatio, mimeType, model }))).toEqual([
      { prompt: 'a tall lighthouse', aspectRatio: '9:16', mimeType: 'image/jpeg', model: IMPORTED_MODEL },
      { prompt: 'a comment about a harbour', aspectRatio: '4:3', mimeType: 'image/jpeg', model: IMPORTED_MODEL },
      { prompt: 'a desert at noon', aspectRatio: '3:2', mimeType: 'image/webp', model: IMPORTED_MODEL },
    ]);
  });

  it('titles a picture without metadata after its file, and leaves its prompt empty', async () => {
    const { library, deps } = await setUp();
    const { imported } = await importImages([{ name: 'golden hour.final.png', bytes: await makeImage('png', 64, 64, 4) }], deps);

    expect(imported[0]).toMatchObject({ prompt: '', title: 'golden hour.final', aspectRatio: '1:1', model: IMPORTED_MODEL });
    // Found by its title, as a search finds prompts and tags.
    expect(listOk(library, { query: { text: 'golden HOUR' } }).items.map((item) => item.id)).toEqual([imported[0]!.id]);
  });

  it('skips what is not a PNG, JPEG or WebP, what does not decode, and what is already in the library, and imports the rest', async () => {
    const { root, store, library, deps } = await setUp();
    const known = await makeImage('png', 32, 32, 5);
    const knownItem = makeItem({ ...(await store.save(known)) });
    await fileItem({ store, library }, knownItem);
    const fresh = await makeImage('jpeg', 32, 32, 6);
    const gif = new TextEncoder().encode('GIF89a not for us');
    const torn = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2]);

    const result = await importImages(
      [
        { name: 'notes.txt', bytes: new TextEncoder().encode('hello') },
        { name: 'anim.gif', bytes: gif },
        { name: 'torn.png', bytes: torn },
        { name: 'again.png', bytes: known },
        { name: 'fresh.jpg', bytes: fresh },
        { name: 'fresh copy.jpg', bytes: fresh },
      ],
      deps,
    );

    expect(result.imported.map((item) => item.title)).toEqual(['fresh']);
    expect(result.skipped).toEqual([
      { name: 'notes.txt', reason: 'Not a PNG, JPEG or WebP image.' },
      { name: 'anim.gif', reason: 'Not a PNG, JPEG or WebP image.' },
      { name: 'torn.png', reason: expect.stringContaining('could not be read or stored') },
      { name: 'again.png', reason: 'Already in the library.' },
      { name: 'fresh copy.jpg', reason: 'Already in the library.' },
    ]);
    // What each file already in the library is: the item it was before, or the one imported a moment ago.
    expect(result.existing.map(({ name, item }) => [name, item.id])).toEqual([
      ['again.png', knownItem.id],
      ['fresh copy.jpg', result.imported[0]!.id],
    ]);
    expect((await listFiles(root)).filter((path) => path.startsWith('records/'))).toHaveLength(2);
  });

  it('writes the sidecar before the row, and leaves no sidecar when the row cannot be written', async () => {
    const { store, library, deps } = await setUp();
    const rowsWhenSidecarWritten: boolean[] = [];
    const watchedStore: ImageStore = {
      ...store,
      writeSidecar: async (item, names) => {
        rowsWhenSidecarWritten.push(library.has(item.id));
        await store.writeSidecar(item, names);
      },
    };
    const failingLibrary: Library = {
      ...library,
      insert: () => {
        throw new Error('database is locked');
      },
    };

    const ok = await importImages([{ name: 'a.png', bytes: await makeImage('png', 16, 16, 7) }], { ...deps, store: watchedStore });
    const failed = await importImages([{ name: 'b.png', bytes: await makeImage('png', 16, 16, 8) }], { ...deps, store: watchedStore, library: failingLibrary });

    expect(rowsWhenSidecarWritten).toEqual([false, false]);
    expect(ok.imported).toHaveLength(1);
    expect(failed).toEqual({ imported: [], skipped: [{ name: 'b.png', reason: expect.stringContaining('database is locked') }], existing: [] });
    const sidecars = [];
    for await (const record of store.listSidecars()) sidecars.push(record.item.id);
    expect(sidecars).toEqual([ok.imported[0]?.id]);
  });
});

describe('nearestAspectRatio', () => {
  it.each([
    [1360, 768, '16:9'],
    [2000, 1000, '16:9'],
    [768, 1360, '9:16'],
    [100, 1000, '9:16'],
    [3000, 2000, '3:2'],
    [832, 1248, '2:3'],
    [1168, 880, '4:3'],
    [900, 1200, '3:4'],
    [1024, 1000, '1:1'],
  ] as const)('%i×%i is %s', (width, height, ratio) => {
    expect(nearestAspectRatio(width, height)).toBe(ratio);
  });
});

describe('titleFromFileName', () => {
  it('drops the folder and the extension, and gives no title when nothing is left', () => {
    expect(titleFromFileName('C:\\Users\\me\\Pictures\\koi pond.webp')).toBe('koi pond');
    expect(titleFromFileName('/home/me/a.b.c.jpeg')).toBe('a.b.c');
    expect(titleFromFileName('.png')).toBeNull();
    expect(titleFromFileName('  ')).toBeNull();
    expect(titleFromFileName('')).toBeNull();
  });
});
