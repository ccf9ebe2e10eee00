import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { expect } from 'vitest';
import type { AppError, AppErrorCode, Result } from '../../../electron/shared/errors';
import type { GeneratedImage, ReceivedImage } from '../../../electron/main/services/api/client';
import { isTempFileName } from '../../../electron/main/services/atomic-write';
import { FAKE_VALID_KEY } from '../../fake-aiml/server';
import { incomingDir } from './aiml-client-fixture';

// What the aiml-client-*.test.ts files assert about every result: a failure's code and that the key stays out of it, an image's temp file.

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
