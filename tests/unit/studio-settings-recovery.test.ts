import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HostedStudio } from './support/studio-host';
import { importPrompted, listLibrary, useHostedStudios } from './support/studio-fixture';

/** The garbled-settings row of the corruption matrix, through the whole studio: it starts, tells, and keeps the library. */

const studios = useHostedStudios({ fakeApi: true });

const GARBLED: Record<string, Buffer> = {
  'invalid JSON': Buffer.from('{"libraryLocation": "/mnt/pic'),
  'valid JSON of the wrong shape': Buffer.from('[{"libraryLocation": null}]'),
  'valid JSON with every field wrong': Buffer.from('{"libraryLocation": 7, "concurrency": "many", "apiBaseUrl": false}'),
  'an empty file': Buffer.alloc(0),
  'binary garbage': Buffer.from(Array.from({ length: 200 }, (_, i) => (i * 151 + 7) % 256)),
};

async function movedLibraryWithOneImage(): Promise<{ h: HostedStudio; library: string }> {
  const h = await studios.host();
  await importPrompted(h, ['a lighthouse kept safe']);
  const target = await studios.tempFolder('reverie-moved-');
  h.folderAnswers.push(target);
  const moved = await h.studio.handlers['library:move'](undefined);
  if (!moved.ok) throw new Error(moved.error.message);
  return { h, library: moved.value.path };
}

describe('studio: unreadable settings', () => {
  it.each(Object.entries(GARBLED))('%s: starts, tells the user where the file was kept, and opens the moved library', async (_case, bytes) => {
    const { h, library } = await movedLibraryWithOneImage();
    await h.studio.close();
    await writeFile(join(h.dataDir, 'settings.json'), bytes);

    const reopened = await studios.restart(h);

    expect(await reopened.studio.handlers['library:location'](undefined)).toEqual({ ok: true, value: { path: library } });
    expect((await listLibrary(reopened, { text: 'lighthouse' })).total).toBe(1);

    const notices = await reopened.studio.handlers['notices:list'](undefined);
    if (!notices.ok) throw new Error(notices.error.message);
    expect(notices.value).toEqual([
      expect.objectContaining({ severity: 'warning', title: 'Your settings could not be read', revealable: true, message: expect.stringContaining(library) }),
    ]);
    const message = notices.value[0]?.message ?? '';
    const keptAt = /kept at (.+?\.json)\./.exec(message)?.[1] ?? '';
    expect(keptAt).toMatch(/settings\.unreadable-[\d-]+\.json$/);
    expect(Buffer.compare(await readFile(keptAt), bytes)).toBe(0);
    expect(await reopened.studio.handlers['notices:reveal']({ id: notices.value[0]?.id ?? '' })).toEqual({ ok: true, value: null });
    expect(reopened.revealed).toEqual([keptAt]);

    // The settings file in place is readable again and still knows where the library is.
    expect(JSON.parse(await readFile(join(h.dataDir, 'settings.json'), 'utf8'))).toMatchObject({ libraryLocation: library });
  });

  it('starts quietly on a valid settings file', async () => {
    const { h } = await movedLibraryWithOneImage();
    const reopened = await studios.restart(h);
    expect(await reopened.studio.handlers['notices:list'](undefined)).toEqual({ ok: true, value: [] });
  });
});
