import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  LIBRARY_MARKER_FILE,
  LIBRARY_POINTER_FILE,
  createLibraryLocator,
  ensureLibraryMarker,
  isReverieLibrary,
} from '../../electron/main/services/library-folder/location';
import { useTempDirs } from './support/library-fixtures';

describe('library location', () => {
  const tempDir = useTempDirs();
  const pointerOf = async (dataDir: string) => JSON.parse(await readFile(join(dataDir, LIBRARY_POINTER_FILE), 'utf8')) as unknown;
  const quiet = () => undefined;

  it('opens the default folder when nothing was ever moved, and writes no pointer', async () => {
    const dataDir = await tempDir();
    expect(await createLibraryLocator(dataDir, quiet).resolve(null)).toEqual({ root: join(dataDir, 'library'), interruptedMoveTo: null });
    await expect(readFile(join(dataDir, LIBRARY_POINTER_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('carries a location only the settings knew (a library moved by an older Reverie) into the pointer', async () => {
    const dataDir = await tempDir();
    const locator = createLibraryLocator(dataDir, quiet);
    expect((await locator.resolve('/mnt/pictures/Reverie Library')).root).toBe('/mnt/pictures/Reverie Library');
    expect(await pointerOf(dataDir)).toEqual({ library: '/mnt/pictures/Reverie Library', movingFrom: null });
    // From now on the settings can be lost: the pointer still knows.
    expect((await locator.resolve(null)).root).toBe('/mnt/pictures/Reverie Library');
  });

  it('believes the pointer over the settings, and the settings over a pointer it cannot read', async () => {
    const dataDir = await tempDir();
    const locator = createLibraryLocator(dataDir, quiet);
    await locator.remember('/disk/a/Reverie Library');
    expect((await locator.resolve('/disk/b/Reverie Library')).root).toBe('/disk/a/Reverie Library');
    await writeFile(join(dataDir, LIBRARY_POINTER_FILE), '{"library": 12');
    const warnings: string[] = [];
    expect((await createLibraryLocator(dataDir, (m) => warnings.push(m)).resolve('/disk/b/Reverie Library')).root).toBe('/disk/b/Reverie Library');
    expect(warnings.join()).toMatch(/not valid/);
  });

  it('remembers the default folder as null, so a data folder that moves as a whole keeps its library', async () => {
    const dataDir = await tempDir();
    const locator = createLibraryLocator(dataDir, quiet);
    await locator.remember(join(dataDir, 'library'));
    expect(await pointerOf(dataDir)).toEqual({ library: null, movingFrom: null });
  });

  describe('after a move that a crash cut short', () => {
    it('keeps the old folder while the new one is not a complete library yet', async () => {
      const dataDir = await tempDir();
      const from = join(await tempDir(), 'library');
      const to = join(await tempDir(), 'Reverie Library');
      const locator = createLibraryLocator(dataDir, quiet);
      await locator.beginMove(to, from);
      expect(await locator.resolve(to)).toEqual({ root: from, interruptedMoveTo: to });
      expect(await pointerOf(dataDir)).toEqual({ library: from, movingFrom: null });
    });

    it('takes the new folder once it is one', async () => {
      const dataDir = await tempDir();
      const from = join(await tempDir(), 'library');
      const to = join(await tempDir(), 'Reverie Library');
      await mkdir(to);
      await ensureLibraryMarker(to);
      const locator = createLibraryLocator(dataDir, quiet);
      await locator.beginMove(to, from);
      expect(await locator.resolve(from)).toEqual({ root: to, interruptedMoveTo: to });
      expect(await pointerOf(dataDir)).toEqual({ library: to, movingFrom: null });
    });
  });

  it('knows a library by its marker, its database or its sidecar folder, and nothing else', async () => {
    const base = await tempDir();
    const folder = async (name: string, entry: string | null, kind: 'file' | 'folder' = 'file') => {
      const path = join(base, name);
      await mkdir(path);
      if (entry && kind === 'file') await writeFile(join(path, entry), '');
      if (entry && kind === 'folder') await mkdir(join(path, entry));
      return path;
    };
    expect(await isReverieLibrary(await folder('marked', LIBRARY_MARKER_FILE))).toBe(true);
    expect(await isReverieLibrary(await folder('older', 'library.sqlite'))).toBe(true);
    expect(await isReverieLibrary(await folder('sidecars', 'records', 'folder'))).toBe(true);
    expect(await isReverieLibrary(await folder('holiday photos', 'IMG_0001.jpg'))).toBe(false);
    expect(await isReverieLibrary(await folder('empty', null))).toBe(false);
    expect(await isReverieLibrary(join(base, 'missing'))).toBe(false);
  });

  it('writes the marker once and never replaces it', async () => {
    const root = await tempDir();
    await ensureLibraryMarker(root);
    expect(JSON.parse(await readFile(join(root, LIBRARY_MARKER_FILE), 'utf8'))).toMatchObject({ format: 'reverie-library', version: 1 });
    await writeFile(join(root, LIBRARY_MARKER_FILE), 'hand-edited');
    await ensureLibraryMarker(root);
    expect(await readFile(join(root, LIBRARY_MARKER_FILE), 'utf8')).toBe('hand-edited');
  });
});
