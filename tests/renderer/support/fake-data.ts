import { newJob } from '../../../electron/main/services/queue/new-job';
import {
  ASPECT_RATIO_PIXELS,
  MODEL_ID,
  newLibraryItem,
  type AspectRatio,
  type CostSummary,
  type Job,
  type KeyStatus,
  type LibraryItem,
} from '../../../electron/shared/domain';

/** Records for the renderer tests, built by main's own constructors with test defaults on top. */

export const FAKE_KEY_STORED: KeyStatus = {
  stored: true,
  last4: 'wxyz',
  storage: 'keychain',
  keychainAvailable: true,
  keychainMessage: null,
};

export const EMPTY_COST: CostSummary = { todayCredits: 0, monthCredits: 0, dailyBudgetUsd: null, budgetReached: false };

let idCounter = 0;
/** A valid v4-shaped uuid, predictable per test run. */
export function fakeId(): string {
  idCounter += 1;
  return `00000000-0000-4000-8000-${idCounter.toString(16).padStart(12, '0')}`;
}

/** A generated image with its file in the library: a 3:2 PNG of 126,000 credits unless told otherwise. */
export function makeItem(overrides: Partial<LibraryItem> = {}): LibraryItem {
  const aspectRatio = overrides.aspectRatio ?? '3:2';
  const size = ASPECT_RATIO_PIXELS[aspectRatio];
  return newLibraryItem({
    id: fakeId(),
    prompt: 'A lighthouse in fog',
    model: MODEL_ID,
    width: size.width,
    height: size.height,
    requestId: 'rsid-test',
    credits: 126_000,
    createdAt: 1_700_000_000_000,
    fileHash: 'a'.repeat(64),
    byteSize: 1234,
    mimeType: 'image/png',
    ...overrides,
    aspectRatio,
  });
}

/**
 * `count` items, newest first by index (item 0 is the newest), built cheaply enough for a
 * 100,000-item library. `overrides(index)` customises single items.
 */
export function makeLibrary(count: number, overrides: (index: number) => Partial<LibraryItem> = () => ({})): LibraryItem[] {
  const items: LibraryItem[] = [];
  for (let index = 0; index < count; index += 1) {
    items.push(makeItem({ prompt: `Image ${index}`, createdAt: 1_700_000_000_000 - index * 1000, ...overrides(index) }));
  }
  return items;
}

/** A job as it enters the queue; `prompt` and `aspectRatio` are shorthands for its params. */
export function makeJob(overrides: Partial<Job> & { prompt?: string; aspectRatio?: AspectRatio } = {}): Job {
  const { prompt, aspectRatio, ...rest } = overrides;
  const params = {
    model: 'reve/create-image' as const,
    sources: [],
    prompt: prompt ?? 'A lighthouse in fog',
    aspectRatio: aspectRatio ?? '3:2',
    delivery: 'url' as const,
    outputFormat: null,
  };
  return { ...newJob({ id: fakeId(), batchId: 'batch-1', params, createdAt: 1_700_000_000_000 }), ...rest };
}
