import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { GenerationParams } from '../../../electron/shared/domain';
import { codeOf, type AppError, type AppErrorCode, type Result } from '../../../electron/shared/errors';
import {
  createAimlClient,
  type AimlClientOptions,
  type CreateImageRequest,
  type GeneratedImage,
  type ReceivedImage,
} from '../../../electron/main/services/api/client';
import { isTempFileName } from '../../../electron/main/services/atomic-write';
import { FAKE_VALID_KEY, startFakeAiml, type FakeAiml, type ScenarioName } from '../../fake-aiml/server';

/**
 * What the aiml-client-*.test.ts files share: the client against the fake API over real HTTP, a
 * fresh incoming folder per test, and backoff waits recorded instead of slept. A test file calls
 * useAimlClientFixture() once, at its top; the bindings below are ES module bindings, so an
 * importer always sees the current test's values.
 */

export const OVERSIZED_BYTES = 64 * 1024 * 1024;
export const SMALL_CAP = 1024 * 1024;

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
      params: { prompt: prompt ?? 'a lighthouse at dusk', aspectRatio: '3:2', delivery: 'url', outputFormat: null, ...params },
    }),
  );
};

export const downloadAgain = async (url: string, options: Partial<AimlClientOptions> = {}, request: { baseUrl?: string; signal?: AbortSignal } = {}) =>
  track(await client(options).downloadAgain({ url, baseUrl: request.baseUrl ?? fake.baseUrl, ...(request.signal ? { signal: request.signal } : {}) }));

/** Every failure is checked for the code and for the one thing that must never leak: the key. */
export function expectFailure(result: Result<unknown>, code: AppErrorCode, apiKey = FAKE_VALID_KEY): AppError {
  expect(JSON.stringify(result)).not.toContain(apiKey);
  if (result.ok) throw new Error(`expected a "${code}" failure, got ${JSON.stringify(result.value)}`);
  expect(result.error.code).toBe(code);
  expect(result.error.message).toMatch(/^[A-Z].*[.!]$/);
  expect(result.error.detail?.length ?? 0).toBeLessThan(6000);
  return result.error;
}

/** The received file is where it is said to be, a temp file in the incoming folder, and is what it is said to be. */
export async function expectReceived(image: ReceivedImage): Promise<Buffer> {
  expect(dirname(image.tempPath)).toBe(incomingDir);
  expect(isTempFileName(basename(image.tempPath))).toBe(true);
  const bytes = await readFile(image.tempPath);
  expect(bytes.byteLength).toBe(image.byteSize);
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(image.fileHash);
  return bytes;
}

export async function expectImage(result: Result<GeneratedImage>): Promise<GeneratedImage> {
  if (!result.ok) throw new Error(`expected an image, got ${JSON.stringify(result.error)}`);
  await expectReceived(result.value.image);
  return result.value;
}

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

/** A one-off API on 127.0.0.1 for answers the fake has no scenario for (echoed keys, redirects). */
export async function startCustomApi(handler: (req: IncomingMessage, res: ServerResponse, origin: string) => void) {
  let origin = '';
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => handler(req, res, origin));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    baseUrl: `${origin}/v1`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

export const smallPng = () =>
  sharp({ create: { width: 4, height: 4, channels: 3, background: '#336699' } })
    .png()
    .toBuffer();
