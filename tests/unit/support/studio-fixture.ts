import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { withPngText } from '../../../electron/main/services/image-metadata/png-text-chunks';
import type { ChannelInput } from '../../../electron/shared/contract';
import { LibraryPageInput, type LibraryItem, type LibraryPage } from '../../../electron/shared/domain';
import { FAKE_VALID_KEY, startFakeAiml, type FakeAiml, type FakeAimlOptions } from '../../fake-aiml/server';
import { makeImage } from './library-fixtures';
import { hostStudio, type HostedStudio } from './studio-host';

/*
 * The per-file setup of the studio tests, on top of studio-host.ts (which stays free of vitest: the
 * crash loop's child process hosts its studio with it, and importing vitest costs each start ~0.5 s).
 */

/** Where a studio with no fake API points: a closed port on loopback, so nothing can answer. */
export const UNREACHABLE_API = 'http://127.0.0.1:9/v1';

/**
 * The setup every studio test file shares, as hooks: studios hosted for a test are disposed after
 * it, with the folders it made; with `fakeApi`, one fake API serves the whole file (reset after each
 * test) and is what a studio points at unless told otherwise.
 */
export function useHostedStudios(options: { fakeApi?: boolean } = {}) {
  let shared: FakeAiml | undefined;
  const hosted: HostedStudio[] = [];
  const folders: string[] = [];
  const ownFakes: FakeAiml[] = [];

  if (options.fakeApi) {
    beforeAll(async () => {
      shared = await startFakeAiml();
    });
    afterAll(async () => {
      await shared?.close();
    });
  }
  afterEach(async () => {
    for (const h of hosted.splice(0)) await h.dispose();
    for (const dir of folders.splice(0)) await rm(dir, { recursive: true, force: true });
    for (const fake of ownFakes.splice(0)) await fake.close();
    shared?.reset();
  });

  const fake = (): FakeAiml => {
    if (!shared) throw new Error('useHostedStudios({ fakeApi: true }) starts the fake API this test asks for.');
    return shared;
  };

  return {
    /** The fake API of this file. */
    get fake() {
      return fake();
    },
    /** A studio on a new data folder (or on `dataDir`), pointed at the file's fake API (or `apiBaseUrl`). */
    async host(at: { apiBaseUrl?: string; dataDir?: string } = {}): Promise<HostedStudio> {
      const h = await hostStudio({ apiBaseUrl: at.apiBaseUrl ?? (shared ? shared.baseUrl : UNREACHABLE_API), ...(at.dataDir ? { dataDir: at.dataDir } : {}) });
      hosted.push(h);
      return h;
    },
    /** Closes `h` and opens a studio on the same data folder and keychain entry, disposed after the test in its place. */
    async restart(h: HostedStudio, next: { apiBaseUrl?: string } = {}): Promise<HostedStudio> {
      const reopened = await h.restart(next);
      hosted.splice(hosted.indexOf(h), 1, reopened);
      return reopened;
    },
    /** A new empty folder (its real path: macOS's temp folder is behind a link), removed after the test. */
    async tempFolder(prefix: string): Promise<string> {
      const dir = await realpath(await mkdtemp(join(tmpdir(), prefix)));
      folders.push(dir);
      return dir;
    },
    /** A fake API of this test's own (say, one that hands out other download links), closed after it. */
    async startFakeApi(fakeOptions: FakeAimlOptions): Promise<FakeAiml> {
      const own = await startFakeAiml(fakeOptions);
      ownFakes.push(own);
      return own;
    },
  };
}

/** Saves the fake API's valid key in the studio's keychain entry (or for this session only). */
export async function saveKey(h: HostedStudio, sessionOnly = false): Promise<HostedStudio> {
  const saved = await h.studio.handlers['key:save']({ key: FAKE_VALID_KEY, sessionOnly });
  if (!saved.ok) throw new Error(saved.error.message);
  return h;
}

/**
 * Imports one PNG per prompt, each with its prompt embedded the way other generators write it, and
 * returns the items. The n-th image is `width + 10n` by `height` pixels, so no two are alike.
 */
export async function importPrompted(h: HostedStudio, prompts: readonly string[], size = { width: 64, height: 48 }): Promise<LibraryItem[]> {
  const files = await Promise.all(
    prompts.map(async (prompt, index) => ({
      name: `${index}.png`,
      bytes: withPngText(await makeImage('png', size.width + index * 10, size.height, index + 1), [{ keyword: 'prompt', text: prompt }]),
    })),
  );
  const result = await h.studio.handlers['library:import']({ files });
  if (!result.ok) throw new Error(result.error.message);
  if (result.value.imported.length !== prompts.length) throw new Error(`imported ${result.value.imported.length} of ${prompts.length}`);
  return result.value.imported;
}

/**
 * One page of the library (up to 100 items) for a query as the renderer writes it, with its total as
 * the window ends up with it (a search's comes from library:count, LibraryPage.total); throws when refused.
 */
export async function listLibrary(h: HostedStudio, query: ChannelInput<'library:list'>['query'] = {}): Promise<LibraryPage & { total: number }> {
  const input = LibraryPageInput.parse({ query, limit: 100 });
  const page = await h.studio.handlers['library:list'](input);
  if (!page.ok) throw new Error(page.error.message);
  if (page.value.total !== null) return { ...page.value, total: page.value.total };
  const counted = await h.studio.handlers['library:count']({ query: input.query });
  if (!counted.ok) throw new Error(counted.error.message);
  return { ...page.value, total: counted.value };
}
