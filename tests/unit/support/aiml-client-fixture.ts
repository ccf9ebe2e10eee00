import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { GenerationParams } from '../../../electron/shared/domain';
import { codeOf, type Result } from '../../../electron/shared/errors';
import {
  createAimlClient,
  type AimlClientOptions,
  type CreateImageRequest,
  type GeneratedImage,
  type ReceivedImage,
} from '../../../electron/main/services/api/client';
import { FAKE_VALID_KEY, startFakeAiml, type FakeAiml, type ScenarioName } from '../../fake-aiml/server';

/**
 * What the aiml-client-*.test.ts files share: the client against the fake API over real HTTP, a
 * fresh incoming folder per test, and backoff waits recorded instead of slept. A test file calls
 * useAimlClientFixture() once, at its top; the bindings below are ES module bindings, so an
 * importer always sees the current test's values.
 */

export const OVERSIZED_BYTES = 64 * 1024 * 1024;

export let fake: FakeAiml;

export let workDir: string;
/** The folder the client writes into; created by the client on demand, like the store's `incoming/`. */
export let incomingDir: string;
/** Temp files handed back by successful calls in this test: the only files allowed in `incomingDir`. */
let handedOut: string[];
/** Backoff waits the client asked for; recorded instead of slept, so retries cost no time. */
export let sleeps: number[];

export async function namesIn(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return [];
    throw error;
  }
}

/** Registers the file's hooks: one fake API for the file, and a fresh incoming folder per test. */
export function useAimlClientFixture(): void {
  beforeAll(async () => {
    fake = await startFakeAiml({ slowMs: 200, oversizedBytes: OVERSIZED_BYTES });
  });
  afterAll(async () => {
    await fake.close();
  });

  beforeEach(async () => {
    fake.reset();
    workDir = await mkdtemp(join(tmpdir(), 'reverie-client-'));
    incomingDir = join(workDir, 'incoming');
    handedOut = [];
    sleeps = [];
  });

  // The file-level promise: whatever a test did (failures, cancels, retries), the incoming folder holds
  // exactly the files that were handed back, and not one leftover.
  afterEach(async () => {
    try {
      expect(await namesIn(incomingDir)).toEqual(handedOut.map((path) => basename(path)).sort());
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  });
}

const recordSleep = (ms: number) => {
  sleeps.push(ms);
  return Promise.resolve();
};

const client = (options: Partial<AimlClientOptions> = {}) => createAimlClient({ incomingDir, sleep: recordSleep, ...options });

function track<T extends ReceivedImage | GeneratedImage>(result: Result<T>): Result<T> {
  if (result.ok) handedOut.push('tempPath' in result.value ? result.value.tempPath : result.value.image.tempPath);
  return result;
}

export interface Overrides extends Partial<Omit<CreateImageRequest, 'params'>> {
  prompt?: string;
  params?: Partial<GenerationParams>;
}

export const create = async (options: Partial<AimlClientOptions> = {}, overrides: Overrides = {}) => {
  const { prompt, params, ...request } = overrides;
  return track(
    await client(options).createImage({
      baseUrl: fake.baseUrl,
      apiKey: FAKE_VALID_KEY,
      ...request,
      params: {
        model: 'reve/create-image',
        sources: [],
        prompt: prompt ?? 'a lighthouse at dusk',
        aspectRatio: '3:2',
        delivery: 'url',
        outputFormat: null,
        ...params,
      },
    }),
  );
};

export const downloadAgain = async (url: string, options: Partial<AimlClientOptions> = {}, request: { baseUrl?: string; signal?: AbortSignal } = {}) =>
  track(await client(options).downloadAgain({ url, baseUrl: request.baseUrl ?? fake.baseUrl, ...(request.signal ? { signal: request.signal } : {}) }));

export async function withScenario(name: ScenarioName, options: Partial<AimlClientOptions> = {}, overrides: Overrides = {}) {
  fake.setScenario(name);
  const result = await create(options, overrides);
  expect(fake.requests).toHaveLength(1);
  return result;
}

/** `withScenario` asserts one request since the last reset; this resets first for a second call. */
export async function withScenarioAfterReset(name: ScenarioName) {
  fake.reset();
  return withScenario(name);
}
