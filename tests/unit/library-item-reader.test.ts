import type { SQLOutputValue } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { itemFromValues, rowToItem } from '../../electron/main/services/library/item-reader';
import { SELECT_COLUMNS, type ItemLinks } from '../../electron/main/services/library/row';
import { LibraryItem } from '../../electron/shared/domain';
import { seededRandom } from '../support/seeded-random';

/**
 * The library reads its rows with item-reader.ts instead of `LibraryItem.parse` (for speed). These
 * tests hold the two to the same answer: for every column, values zod takes and values it refuses,
 * alone and in random mixes, the reader accepts exactly what `LibraryItem.parse` accepts and gives
 * the same item. A rule added to LibraryItem that the reader misses fails here.
 */

const NAMES = SELECT_COLUMNS.split(', ');

/** A valid row: seq, then GENERATION_COLUMNS. */
const VALID: Record<string, SQLOutputValue> = {
  seq: 7,
  id: '0f8fad5b-d9cb-469f-a165-70867728950e',
  prompt: 'a lighthouse at dusk',
  title: null,
  aspect_ratio: '3:2',
  model: 'reve/create-image',
  status: 'ok',
  origin: 'generated',
  width: 1536,
  height: 1024,
  request_id: 'rsid-1',
  credits: 126000,
  created_at: 1_760_000_000_000,
  file_hash: 'a'.repeat(64),
  byte_size: 12345,
  mime_type: 'image/png',
  placeholder: 'HBkSHYSIeHiPiHh8eJd4eTN0EEQG',
  source_url: 'https://cdn.example/image.png',
  favorite: 0,
  trashed_at: null,
  file_missing: 0,
  client_request_id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  inference_id: null,
};

const LONG = (length: number) => 'x'.repeat(length);
const OTHERS = [null, 0, -1, 1.5, 2 ** 53, Number.POSITIVE_INFINITY, Number.NaN, '', 'ok', new Uint8Array([1])] as const;

/** Per column, values to try besides OTHERS: the edges of each rule. */
const CANDIDATES: Record<string, readonly SQLOutputValue[]> = {
  id: ['0F8FAD5B-D9CB-469F-A165-70867728950E', '0f8fad5b-d9cb-469f-a165-70867728950', 'not-a-uuid', '00000000-0000-0000-0000-000000000000'],
  prompt: ['', LONG(5000)],
  title: ['', 'Harbour'],
  aspect_ratio: ['1:1', '16:9', '3:7', '3:2 '],
  model: ['', 'reve/edit-image'],
  status: ['refused', 'download-failed', 'OK'],
  origin: ['imported', 'made'],
  width: [1, 0, 4096],
  height: [1, 0, 4096],
  request_id: ['', 'rsid-2'],
  credits: [0, 0.5, -0.5, 1e300],
  created_at: [1, 0, -5],
  file_hash: ['A'.repeat(64), 'a'.repeat(63), `${'a'.repeat(63)}g`, '0123456789abcdef'.repeat(4)],
  byte_size: [1, 0, -1],
  mime_type: ['image/jpeg', 'image/webp', 'image/gif'],
  placeholder: ['AAAA', 'AA==', 'A===', 'AA-_', LONG(48), LONG(49)],
  source_url: ['', 'https://x'],
  favorite: [1, 2],
  trashed_at: [1, 0, -1],
  file_missing: [1, 2],
  client_request_id: [LONG(128), LONG(129)],
  inference_id: [LONG(200), LONG(201)],
};

const LINKS: ItemLinks[] = [
  { tags: [], collectionIds: [], sources: [] },
  { tags: ['sky', ''], collectionIds: ['7c9e6679-7425-40de-944b-e07fc1f90ae7'], sources: ['0f8fad5b-d9cb-469f-a165-70867728950e'] },
  { tags: [], collectionIds: ['not-a-uuid'], sources: [] },
  { tags: [], collectionIds: [], sources: Array.from({ length: 5 }, () => '0f8fad5b-d9cb-469f-a165-70867728950e') },
  { tags: [], collectionIds: [], sources: ['0f8fad5b'] },
];

/** What the library did before the reader: the row mapped by name, then LibraryItem.parse. */
function zodAnswer(row: Record<string, SQLOutputValue | undefined>, links: ItemLinks): { ok: true; item: LibraryItem } | { ok: false } {
  const parsed = LibraryItem.safeParse({
    id: row.id,
    prompt: row.prompt,
    title: row.title,
    aspectRatio: row.aspect_ratio,
    model: row.model,
    status: row.status,
    origin: row.origin,
    width: row.width,
    height: row.height,
    requestId: row.request_id,
    credits: row.credits,
    createdAt: row.created_at,
    fileHash: row.file_hash,
    byteSize: row.byte_size,
    mimeType: row.mime_type,
    placeholder: row.placeholder,
    sourceUrl: row.source_url,
    favorite: row.favorite === 1,
    tags: links.tags,
    collectionIds: links.collectionIds,
    trashedAt: row.trashed_at,
    fileMissing: row.file_missing === 1,
    sources: links.sources,
    clientRequestId: row.client_request_id,
    inferenceId: row.inference_id,
  });
  return parsed.success ? { ok: true, item: parsed.data } : { ok: false };
}

function readerAnswer(row: Record<string, SQLOutputValue>, links: ItemLinks): { ok: true; item: LibraryItem } | { ok: false } {
  try {
    const byValues = itemFromValues(
      NAMES.map((name) => row[name]),
      links,
    );
    // Both entry points give the same item, key order included (sidecars are written from items).
    expect(JSON.stringify(rowToItem(row, links))).toBe(JSON.stringify(byValues));
    return { ok: true, item: byValues };
  } catch (error) {
    if (error instanceof Error && error.name === 'InvalidLibraryRow') return { ok: false };
    throw error;
  }
}

function expectSameAnswer(row: Record<string, SQLOutputValue>, links: ItemLinks): void {
  const zod = zodAnswer(row, links);
  const reader = readerAnswer(row, links);
  expect(reader.ok, `${JSON.stringify(row, (_, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value))}`).toBe(
    zod.ok,
  );
  if (zod.ok && reader.ok) expect(JSON.stringify(reader.item)).toBe(JSON.stringify(zod.item));
}

describe('the library row reader', () => {
  it('reads a valid row as LibraryItem.parse does, every field in the schema’s order', () => {
    const reader = readerAnswer(VALID, LINKS[1]!);
    expect(reader.ok).toBe(true);
    if (reader.ok) expect(Object.keys(reader.item)).toEqual(Object.keys(LibraryItem.shape));
    expectSameAnswer(VALID, LINKS[1]!);
  });

  it('accepts and refuses what LibraryItem does, column by column', () => {
    let refused = 0;
    for (const name of Object.keys(CANDIDATES)) {
      for (const value of [...CANDIDATES[name]!, ...OTHERS]) {
        const row = { ...VALID, [name]: value };
        expectSameAnswer(row, LINKS[0]!);
        if (!zodAnswer(row, LINKS[0]!).ok) refused += 1;
      }
    }
    // The candidates do exercise refusals, not only the happy path.
    expect(refused).toBeGreaterThan(100);
  });

  it('accepts and refuses what LibraryItem does for tags, collections and sources', () => {
    for (const links of LINKS) expectSameAnswer(VALID, links);
  });

  it('names the row and the column it refuses', () => {
    expect(() => rowToItem({ ...VALID, status: 'lost' }, LINKS[0]!)).toThrow(`The library row ${String(VALID.id)} has an invalid status.`);
    const { prompt: _missing, ...withoutPrompt } = VALID;
    expect(() => rowToItem(withoutPrompt, LINKS[0]!)).toThrow('invalid prompt');
  });

  it('agrees with LibraryItem on random mixes of valid and invalid columns', () => {
    const random = seededRandom(13);
    const names = Object.keys(CANDIDATES);
    for (let trial = 0; trial < 2_000; trial += 1) {
      const row: Record<string, SQLOutputValue> = { ...VALID };
      for (const name of names) {
        if (random.next() < 0.15) {
          const pool = [...CANDIDATES[name]!, ...OTHERS];
          row[name] = random.pick(pool);
        }
      }
      expectSameAnswer(row, random.pick(LINKS));
    }
  });
});
