import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { withPngText } from '../../electron/main/services/image-metadata/png-text-chunks';
import { settleImportTitles } from '../../electron/main/services/library-folder/import-titles';
import { createUntitledImports } from '../../electron/main/services/library/untitled-imports';
import { LibraryPageInput, type LibraryItem } from '../../electron/shared/domain';
import { makeImage, makeItem } from './support/library-fixtures';
import { fileItem, useLibraryFolders, type OpenLibraryFolder } from './support/library-folder-fixtures';
import { hostStudio } from './support/studio-host';
import { UNREACHABLE_API, useHostedStudios } from './support/studio-fixture';

/**
 * Pictures imported before items had titles carry their file name as their prompt, unless their
 * file had a prompt of its own. Startup reads each file once and settles which it was.
 */
describe('titles for pictures imported before titles', () => {
  const folders = useLibraryFolders();

  /** An import as the build before titles filed it: `prompt` is what it stored, no title. */
  async function legacyImport(folder: OpenLibraryFolder, bytes: Uint8Array, prompt: string, seed: number): Promise<LibraryItem> {
    const stored = await folder.store.save(bytes);
    return fileItem(folder, makeItem({ ...stored, prompt, title: null, origin: 'imported', model: 'imported', createdAt: 1_000 + seed }));
  }

  const settle = (folder: OpenLibraryFolder, cancelled = () => false) =>
    settleImportTitles({ imports: createUntitledImports(folder.db), store: folder.store, codec: folders.codec, now: () => 2_000, cancelled });

  it('makes a file name stored as the prompt the title, keeps a prompt the file carries, and leaves the rest alone', async () => {
    const folder = await folders.create();
    const named = await legacyImport(folder, await makeImage('png', 40, 30, 1), 'IMG_2041', 1);
    const prompted = await legacyImport(
      folder,
      withPngText(await makeImage('png', 41, 30, 2), [{ keyword: 'prompt', text: 'a red kite over the dunes' }]),
      'a red kite over the dunes',
      2,
    );
    const generated = await fileItem(folder, makeItem({ ...(await folder.store.save(await makeImage('png', 42, 30, 3))), prompt: 'a generated one' }));
    const titled = await fileItem(
      folder,
      makeItem({ ...(await folder.store.save(await makeImage('png', 43, 30, 4))), prompt: '', title: 'new import', origin: 'imported' }),
    );

    const report = await settle(folder);

    expect(report).toEqual({ retitled: [named.id], kept: 1, unread: 0 });
    expect(folder.library.get(named.id)).toEqual({ ...named, prompt: '', title: 'IMG_2041' });
    expect(folder.library.get(prompted.id)).toEqual(prompted);
    expect(folder.library.get(generated.id)).toEqual(generated);
    expect(folder.library.get(titled.id)).toEqual(titled);
    // Settled for good: nothing is read again at the next start.
    expect(createUntitledImports(folder.db).pending()).toEqual([]);
    expect(await settle(folder)).toEqual({ retitled: [], kept: 0, unread: 0 });
  });

  it('leaves an import whose file cannot be read for the next start, and stops between files once cancelled', async () => {
    const folder = await folders.create();
    const lost = await legacyImport(folder, await makeImage('png', 40, 30, 5), 'lost file', 5);
    await rm(folder.store.originalPath(lost.fileHash!, 'image/png'));
    const later = await legacyImport(folder, await makeImage('png', 41, 30, 6), 'later', 6);

    expect(await settle(folder, () => true)).toEqual({ retitled: [], kept: 0, unread: 0 });
    expect(folder.library.get(later.id)?.title).toBeNull();

    expect(await settle(folder)).toEqual({ retitled: [later.id], kept: 0, unread: 1 });
    expect(folder.library.get(lost.id)).toEqual(lost);
    expect(
      createUntitledImports(folder.db)
        .pending()
        .map((item) => item.id),
    ).toEqual([lost.id]);
  });

  describe('at startup', () => {
    const studios = useHostedStudios();

    it('titles them when the library opens, rewrites their sidecars and tells the window, so a search finds the name', async () => {
      const h = await studios.host();
      const imported = await h.studio.handlers['library:import']({ files: [{ name: 'IMG_7.png', bytes: await makeImage('png', 40, 30, 7) }] });
      if (!imported.ok) throw new Error(imported.error.message);
      const item = imported.value.imported[0]!;
      const location = await h.studio.handlers['library:location'](undefined);
      if (!location.ok) throw new Error(location.error.message);
      await h.studio.close();
      // The row and sidecar as the build before titles wrote them.
      const db = new DatabaseSync(join(location.value.path, 'library.sqlite'));
      db.prepare('UPDATE generations SET prompt = title, title = NULL WHERE id = ?').run(item.id);
      db.close();
      const sidecarPath = join(location.value.path, 'records', item.id.slice(0, 2), `${item.id}.json`);
      const { title: _title, placeholder: _placeholder, ...v2 } = JSON.parse(await readFile(sidecarPath, 'utf8')) as Record<string, unknown>;
      await writeFile(sidecarPath, JSON.stringify({ ...v2, sidecarVersion: 2, prompt: 'IMG_7' }));

      const reopened = await hostStudio({ apiBaseUrl: UNREACHABLE_API, dataDir: h.dataDir, secretStore: h.secretStore });
      try {
        await reopened.studio.backgroundChecks();
        expect(await reopened.studio.handlers['library:get']({ id: item.id })).toMatchObject({ ok: true, value: { prompt: '', title: 'IMG_7' } });
        expect(reopened.events).toContainEqual({ event: 'library:changed', payload: { reason: 'rebuild' } });
        const found = await reopened.studio.handlers['library:list'](LibraryPageInput.parse({ query: { text: 'img_7' } }));
        expect(found.ok && found.value.items.map((each) => each.id)).toEqual([item.id]);
      } finally {
        await reopened.studio.close();
      }
      expect(JSON.parse(await readFile(sidecarPath, 'utf8'))).toMatchObject({ sidecarVersion: 4, prompt: '', title: 'IMG_7' });
    });
  });
});
