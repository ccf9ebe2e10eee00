import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { FAKE_VALID_KEY, startFakeAiml, type FakeAiml } from '../fake-aiml/server';
import { createMemorySecretStore, type MemorySecretStore } from '../support/memory-secret-store';
import { openBrowserStudio, type BrowserStudio } from './harness/browser-studio';

export interface FakeApi {
  baseUrl: string;
  /** The bundled fake, or null when REVERIE_API_BASE_URL points the run elsewhere. */
  fake: FakeAiml | null;
  /** A key the API accepts: the fake's, or REVERIE_TEST_API_KEY for another API. */
  validKey: string;
}

export interface LaunchOptions {
  dataDir?: string;
  apiBaseUrl?: string;
}

interface TestFixtures {
  /** A fresh data folder for this test, removed afterwards. */
  dataDir: string;
  /**
   * This test's keychain entry, in memory so the suite runs on any machine (the real keychain has its
   * own contract test, tests/unit/secret-store-contract.test.ts). Shared by every studio the test opens.
   */
  secretStore: MemorySecretStore;
  /** Opens (or re-opens, e.g. on the same data folder) a studio page; all are closed after the test. */
  launchStudio: (options?: LaunchOptions) => Promise<BrowserStudio>;
  /** A page showing the running studio with this test's fresh data folder. */
  studio: Page;
}

interface WorkerFixtures {
  fakeApi: FakeApi;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  fakeApi: [
    async ({}, use) => {
      const external = process.env.REVERIE_API_BASE_URL;
      if (external) {
        await use({ baseUrl: external, fake: null, validKey: process.env.REVERIE_TEST_API_KEY ?? FAKE_VALID_KEY });
        return;
      }
      const fake = await startFakeAiml();
      await use({ baseUrl: fake.baseUrl, fake, validKey: FAKE_VALID_KEY });
      await fake.close();
    },
    { scope: 'worker' },
  ],

  dataDir: async ({}, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'reverie-e2e-'));
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },

  secretStore: async ({}, use) => {
    await use(createMemorySecretStore());
  },

  launchStudio: async ({ context, dataDir, secretStore, fakeApi }, use) => {
    const opened: BrowserStudio[] = [];
    await use(async (options = {}) => {
      const studio = await openBrowserStudio(context, {
        dataDir: options.dataDir ?? dataDir,
        secretStore,
        apiBaseUrl: options.apiBaseUrl ?? fakeApi.baseUrl,
      });
      opened.push(studio);
      return studio;
    });
    for (const studio of opened) await studio.close();
    fakeApi.fake?.reset();
  },

  studio: async ({ launchStudio }, use) => {
    const { page } = await launchStudio();
    await use(page);
  },
});

export { expect };
