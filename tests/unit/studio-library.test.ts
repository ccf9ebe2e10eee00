import { execFileSync } from 'node:child_process';
import { access, mkdir, readdir, symlink, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { LibraryPageInput, type LibraryQuery } from '../../electron/shared/domain';
import { makeImage } from './support/library-fixtures';
import { withPngText } from '../../electron/main/services/image-metadata/png-text-chunks';
import { importPrompted, listLibrary as list, saveKey, UNREACHABLE_API, useHostedStudios } from './support/studio-fixture';

/** The library features of the studio, through its IPC handlers, with every real part behind them. */

const studios = useHostedStudios({ fakeApi: true });

describe('studio: library', () => {
  it('imports dropped images with the prompt embedded in them, and skips what is not an image', async () => {
    const h = await studios.host();
    const png = withPngText(await makeImage('png', 80, 60), [{ keyword: 'parameters', text: 'a red kite over the dunes\nNegative prompt: blur' }]);
    const result = await h.studio.handlers['library:import']({
      files: [
        { name: 'kite.png', bytes: png },
        { name: 'notes.txt', bytes: new TextEncoder().encode('not an image') },
      ],
    });
    expect(result.ok && result.value.imported.map((item) => [item.prompt, item.origin, item.status])).toEqual([
      ['a red kite over the dunes', 'imported', 'ok'],
    ]);
    expect(result.ok && result.value.skipped.map((s) => s.name)).toEqual(['notes.txt']);
    expect((await list(h, { text: 'kite' })).total).toBe(1);
    expect(h.events.some((e) => e.event === 'library:changed')).toBe(true);
  });

  it('imports the image files picked in main’s open dialog (Import Images…), reporting progress, and skips what it cannot take', async () => {
    const h = await studios.host();
    const folder = await studios.tempFolder('reverie-picked-');
    const kite = join(folder, 'kite.png');
    await writeFile(kite, withPngText(await makeImage('png', 80, 60), [{ keyword: 'prompt', text: 'a kite over the dunes' }]));
    const jpeg = join(folder, 'harbour.jpg');
    await writeFile(jpeg, await makeImage('jpeg', 64, 48, 2));
    // A control character in a name is spaced out, as ImportInput does for a dropped file's.
    const text = join(folder, 'notes\u0007.png');
    await writeFile(text, 'not an image');
    const huge = join(folder, 'huge.png');
    await writeFile(huge, '');
    await truncate(huge, 64 * 2 ** 20 + 1);
    const aFolder = join(folder, 'a folder.png');
    await mkdir(aFolder);
    const gone = join(folder, 'gone.png');
    const linked = join(folder, 'linked.png');
    await symlink(jpeg, linked);

    h.fileListAnswers.push([kite, jpeg, text, huge, aFolder, gone, linked]);
    const result = await h.studio.handlers['library:import-picked'](undefined);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.imported.map((item) => [item.title, item.prompt, item.origin])).toEqual([
      ['kite', 'a kite over the dunes', 'imported'],
      ['harbour', '', 'imported'],
    ]);
    expect(result.value.skipped).toEqual([
      { name: 'notes .png', reason: 'Not a PNG, JPEG or WebP image.' },
      { name: 'huge.png', reason: 'Over 64 MB, too large to import.' },
      { name: 'a folder.png', reason: 'Not a file.' },
      { name: 'gone.png', reason: 'The file is no longer there.' },
      // A link the user picked is followed: its file is the harbour, already in.
      { name: 'linked.png', reason: 'Already in the library.' },
    ]);
    expect((await list(h, { text: 'kite' })).total).toBe(1);
    const progress = h.events.filter((e) => e.event === 'import:progress').map((e) => e.payload);
    expect(progress).toEqual(Array.from({ length: 8 }, (_, done) => ({ done, total: 7 })));
    expect(h.events.some((e) => e.event === 'library:changed')).toBe(true);
  });

  // A FIFO and a device are POSIX things a picked path can name; Windows has neither (mkfifo, /dev/zero).
  if (process.platform === 'win32') console.info('skipped: no FIFO or /dev/zero on Windows');
  it.skipIf(process.platform === 'win32')('skips a FIFO and a device picked in the dialog instead of waiting on them', async () => {
    const h = await studios.host();
    const folder = await studios.tempFolder('reverie-picked-');
    // Opened plainly for reading, a FIFO nobody writes to never answers: the import would hang on it.
    const fifo = join(folder, 'pipe.png');
    execFileSync('mkfifo', [fifo]);
    const kite = join(folder, 'kite.png');
    await writeFile(kite, await makeImage('png', 80, 60));

    h.fileListAnswers.push([fifo, '/dev/zero', kite]);
    const result = await h.studio.handlers['library:import-picked'](undefined);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.imported.map((item) => item.title)).toEqual(['kite']);
    expect(result.value.skipped).toEqual([
      { name: 'pipe.png', reason: 'Not a file.' },
      { name: 'zero', reason: 'Not a file.' },
    ]);
  });

  it('imports nothing when Import Images…’s dialog is cancelled', async () => {
    const h = await studios.host();
    expect(await h.studio.handlers['library:import-picked'](undefined)).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(h.events.some((e) => e.event === 'import:progress' || e.event === 'library:changed')).toBe(false);
  });

  it('keeps stars, tags, collections and the trash through a rebuild from the folder alone', async () => {
    const h = await studios.host();
    const [first, second, third] = await importPrompted(h, ['harbor at dawn', 'harbor at dusk', 'forest cabin']);
    const collection = await h.studio.handlers['collections:create']({ name: 'Harbors' });
    if (!collection.ok) throw new Error('collection');
    await h.studio.handlers['library:set-favorite']({ selection: { ids: [first!.id] }, favorite: true });
    await h.studio.handlers['library:add-tag']({ selection: { query: queryOf({ text: 'harbor' }), except: [] }, tag: 'sea' });
    await h.studio.handlers['collections:add']({ collectionId: collection.value.id, selection: { ids: [first!.id, second!.id] } });
    await h.studio.handlers['library:trash']({ selection: { ids: [third!.id] } });

    const rebuilt = await h.studio.handlers['library:rebuild'](undefined);
    expect(rebuilt).toMatchObject({ ok: true, value: { reindexed: 3, problems: [] } });

    expect((await list(h, { favoritesOnly: true })).items.map((i) => i.id)).toEqual([first!.id]);
    expect((await list(h, { tags: ['sea'] })).total).toBe(2);
    expect((await list(h, { collectionId: collection.value.id })).total).toBe(2);
    expect((await list(h, { view: 'trash' })).items.map((i) => i.id)).toEqual([third!.id]);
    const collections = await h.studio.handlers['collections:list'](undefined);
    expect(collections.ok && collections.value.map((c) => c.name)).toEqual(['Harbors']);
  });

  it('undoes the last action', async () => {
    const h = await studios.host();
    const items = await importPrompted(h, ['one', 'two']);
    const trashed = await h.studio.handlers['library:trash']({ selection: { ids: items.map((i) => i.id) } });
    expect(trashed).toMatchObject({ ok: true, value: { changed: 2 } });
    expect(trashed.ok && trashed.value.undoLabel).toMatch(/trash/i);
    expect((await list(h)).total).toBe(0);
    await h.studio.handlers['library:undo'](undefined);
    expect((await list(h)).total).toBe(2);
  });

  it('empties the trash for good, files included', async () => {
    const h = await studios.host();
    const [gone, kept] = await importPrompted(h, ['to delete', 'to keep']);
    await h.studio.handlers['library:trash']({ selection: { ids: [gone!.id] } });
    const original = await h.studio.resolveMedia('original', gone!.id);
    expect(original).not.toBeNull();
    const emptied = await h.studio.handlers['library:empty-trash']({ confirm: true });
    expect(emptied).toMatchObject({ ok: true, value: { changed: 1, undoLabel: null } });
    await expect(access(original!.path)).rejects.toThrow();
    expect((await list(h, { view: 'trash' })).total).toBe(0);
    expect(await h.studio.resolveMedia('original', kept!.id)).not.toBeNull();
  });

  it('moves the whole library to a folder the user picks, and opens it there next time', async () => {
    const h = await saveKey(await studios.host(), true);
    await importPrompted(h, ['a moving picture']);
    const target = await studios.tempFolder('reverie-move-');

    h.folderAnswers.push(target);
    const moved = await h.studio.handlers['library:move'](undefined);
    expect(moved).toEqual({ ok: true, value: { path: join(target, 'Reverie Library'), outcome: 'moved', previousLibrary: null } });
    expect(await readdir(join(target, 'Reverie Library'))).toEqual(expect.arrayContaining(['library.sqlite', 'images', 'thumbs', 'records']));
    await expect(access(join(h.dataDir, 'library'))).rejects.toThrow();
    expect((await list(h, { text: 'moving' })).total).toBe(1);

    const reopened = await studios.restart(h);
    expect(await reopened.studio.handlers['library:location'](undefined)).toEqual({ ok: true, value: { path: join(target, 'Reverie Library') } });
    expect((await list(reopened, { text: 'moving' })).total).toBe(1);
  });

  it('sends nothing while the move dialog is open, and the waiting job completes after the move', async () => {
    const h = await saveKey(await studios.host(), true);
    studios.fake.setScenario('429', { retryAfterSeconds: 1 });
    const queued = await h.studio.handlers['generate:enqueue']({
      model: 'reve/create-image',
      sources: [],
      prompt: 'waits out the move',
      aspectRatios: ['3:2'],
      count: 1,
      delivery: 'url',
      outputFormat: null,
    });
    if (!queued.ok) throw new Error(queued.error.message);
    await vi.waitFor(async () => {
      const snapshot = await h.studio.handlers['queue:list'](undefined);
      expect(snapshot.ok && snapshot.value.jobs[0]?.state).toBe('retry-wait');
    });

    // The user takes their time in the folder dialog, longer than the job's Retry-After.
    let answer: (path: string) => void = () => undefined;
    h.folderAnswers.push(new Promise<string>((resolve) => (answer = resolve)));
    const moving = h.studio.handlers['library:move'](undefined);
    // The Retry-After passes while the dialog is open: the job is due again (queued), the queue
    // paused, and still nothing more was sent.
    await vi.waitFor(
      async () => {
        const snapshot = await h.studio.handlers['queue:list'](undefined);
        expect(snapshot.ok && snapshot.value.paused).toBe(true);
        expect(snapshot.ok && snapshot.value.jobs[0]?.state).toBe('queued');
      },
      { timeout: 15_000 },
    );
    expect(studios.fake.requests).toHaveLength(1);

    const target = await studios.tempFolder('reverie-move-');
    answer(target);
    expect(await moving).toMatchObject({ ok: true });

    // Resumed in the moved library: sent once more, charged, filed.
    await vi.waitFor(async () => expect((await list(h, { text: 'move' })).total).toBe(1), { timeout: 15_000 });
    expect(studios.fake.requests).toHaveLength(2);
    const cost = await h.studio.handlers['cost:summary'](undefined);
    expect(cost.ok && cost.value.todayCredits).toBe(126000);
  });

  it('leaves the library where it is when the folder dialog is cancelled', async () => {
    const h = await studios.host();
    const before = await h.studio.handlers['library:location'](undefined);
    expect(await h.studio.handlers['library:move'](undefined)).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(await h.studio.handlers['library:location'](undefined)).toEqual(before);
  });

  it('goes offline when the API cannot be reached: jobs wait instead of failing', async () => {
    const h = await saveKey(await studios.host({ apiBaseUrl: UNREACHABLE_API }), true);
    await vi.waitFor(async () => {
      const status = await h.studio.handlers['network:status'](undefined);
      expect(status.ok && status.value.online).toBe(false);
    });
    const queued = await h.studio.handlers['generate:enqueue']({
      model: 'reve/create-image',
      sources: [],
      prompt: 'waits for the network',
      aspectRatios: ['3:2'],
      count: 1,
      delivery: 'url',
      outputFormat: null,
    });
    expect(queued.ok).toBe(true);
    const snapshot = await h.studio.handlers['queue:list'](undefined);
    expect(snapshot.ok && snapshot.value.jobs.map((j) => j.state)).toEqual(['queued']);
    expect(h.events.some((e) => e.event === 'network:changed')).toBe(true);
  });
});

function queryOf(partial: Partial<LibraryQuery>): LibraryQuery {
  return LibraryPageInput.parse({ query: partial }).query;
}
