import { mkdir, readdir, realpath, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIBRARY_POINTER_FILE } from '../../electron/main/services/library-folder/location';
import type { HostedStudio } from './support/studio-host';
import { importPrompted, listLibrary, useHostedStudios } from './support/studio-fixture';

/** Settings → Library folder → Move on a folder that already is a Reverie library: it is opened, not refused. */

const studios = useHostedStudios({ fakeApi: true });

async function prompts(h: HostedStudio): Promise<string[]> {
  return (await listLibrary(h)).items.map((item) => item.prompt).sort();
}

/** A library with one image, moved out to `<parent>/Reverie Library` by a studio that is then closed. */
async function libraryElsewhere(prompt: string): Promise<string> {
  const other = await studios.host();
  await importPrompted(other, [prompt]);
  const parent = await studios.tempFolder('reverie-elsewhere-');
  other.folderAnswers.push(parent);
  const moved = await other.studio.handlers['library:move'](undefined);
  if (!moved.ok) throw new Error(moved.error.message);
  await other.dispose();
  return parent;
}

describe('studio: pointing Reverie at an existing library', () => {
  it('opens it, whether the folder picked holds it or is it, and leaves the current library where it was', async () => {
    const parent = await libraryElsewhere('a lighthouse on the other disk');
    const library = join(parent, 'Reverie Library');
    const h = await studios.host();
    await importPrompted(h, ['a kite at home']);
    const home = join(h.dataDir, 'library');

    h.folderAnswers.push(parent);
    expect(await h.studio.handlers['library:move'](undefined)).toEqual({ ok: true, value: { path: library, outcome: 'opened', previousLibrary: home } });
    expect(await prompts(h)).toEqual(['a lighthouse on the other disk']);
    // The library open before is untouched, and can be opened again the same way (picking the folder itself).
    expect(await readdir(home)).toEqual(expect.arrayContaining(['library.sqlite', 'records', 'reverie-library.json']));
    h.folderAnswers.push(home);
    expect(await h.studio.handlers['library:move'](undefined)).toMatchObject({ ok: true, value: { path: await realpath(home), outcome: 'opened' } });
    expect(await prompts(h)).toEqual(['a kite at home']);

    h.folderAnswers.push(library);
    await h.studio.handlers['library:move'](undefined);
    const reopened = await studios.restart(h);
    expect(await reopened.studio.handlers['library:location'](undefined)).toEqual({ ok: true, value: { path: library } });
    expect(await prompts(reopened)).toEqual(['a lighthouse on the other disk']);
  });

  it('finds the library again after the settings were lost with no pointer (as an older Reverie left it)', async () => {
    const h = await studios.host();
    await importPrompted(h, ['kept through lost settings']);
    const parent = await studios.tempFolder('reverie-moved-');
    h.folderAnswers.push(parent);
    const moved = await h.studio.handlers['library:move'](undefined);
    expect(moved).toMatchObject({ ok: true, value: { outcome: 'moved' } });
    await h.studio.close();
    await rm(join(h.dataDir, LIBRARY_POINTER_FILE));
    await writeFile(join(h.dataDir, 'settings.json'), '\u0000\u0000garbled');

    const lost = await studios.restart(h);
    expect(await prompts(lost)).toEqual([]);
    lost.folderAnswers.push(parent);
    expect(await lost.studio.handlers['library:move'](undefined)).toMatchObject({
      ok: true,
      value: { path: join(parent, 'Reverie Library'), outcome: 'opened' },
    });
    expect(await prompts(lost)).toEqual(['kept through lost settings']);
    const again = await studios.restart(lost);
    expect(await prompts(again)).toEqual(['kept through lost settings']);
  });

  it('still refuses a "Reverie Library" folder with files that is not a library, and says the library is already there when it is', async () => {
    const h = await studios.host();
    const parent = await studios.tempFolder('reverie-occupied-');
    await mkdir(join(parent, 'Reverie Library'));
    await writeFile(join(parent, 'Reverie Library', 'holiday.jpg'), 'not a library');
    h.folderAnswers.push(parent);
    expect(await h.studio.handlers['library:move'](undefined)).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: expect.stringContaining('not a Reverie library') },
    });
    h.folderAnswers.push(join(h.dataDir, 'library'));
    expect(await h.studio.handlers['library:move'](undefined)).toMatchObject({ ok: false, error: { message: 'The library is already in that folder.' } });
  });
});
