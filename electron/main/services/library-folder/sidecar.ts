import { z } from 'zod';
import { LibraryItem, newLibraryItem } from '../../../shared/domain';

/**
 * The JSON file that lets the library be rebuilt from the folder alone: the whole item, its
 * organisation included, plus the names of its collections. Versioned on its own because sidecars
 * outlive databases: an old folder may meet a new build, and a new build must read old folders.
 *
 * 1: the item as generated (no status, origin, favorite, tags, collections or trash).
 * 2: the whole LibraryItem except `fileMissing`, and `collections: { id: name }`.
 * 3: adds `title` and `placeholder` (null when a version-2 sidecar is read). Written as a new
 *    version so that an older build says "written by a newer version" rather than "not valid".
 * 4: adds lineage: `sources` (the items it was made from, in send order), `clientRequestId` and
 *    `inferenceId` ([] / null when an older sidecar is read). A new version for the same reason.
 */
export const SIDECAR_VERSION = 4;

/** What a sidecar gives back: the item, and enough about its collections to recreate them. */
export interface SidecarRecord {
  item: LibraryItem;
  /** Name of each collection in `item.collectionIds`. */
  collections: Record<string, string>;
}

/** What a sidecar's file name promises about its content; checked so a copied or renamed file cannot attach to the wrong item. */
export type SidecarName = { id: string } | { fileHash: string };

/**
 * Stands in for a name a sidecar did not carry (written by hand, or by a caller that did not know
 * it): the membership is worth more than the name, which the user can rename afterwards.
 */
export const UNNAMED_COLLECTION = 'Recovered collection';

const SidecarEnvelope = z.looseObject({ sidecarVersion: z.int().positive() });

/** Version 1 held exactly these fields; anything else in one was not written by Reverie. */
const SidecarV1 = LibraryItem.pick({
  id: true,
  prompt: true,
  aspectRatio: true,
  model: true,
  width: true,
  height: true,
  requestId: true,
  credits: true,
  createdAt: true,
  fileHash: true,
  byteSize: true,
  mimeType: true,
  sourceUrl: true,
});

/**
 * Versions 2 to 4: version 2 had no title or placeholder, versions 2 and 3 no lineage; each missing
 * field starts as a new item has it (the lineage fields' defaults are LibraryItem's own).
 */
const SidecarV2 = LibraryItem.omit({ fileMissing: true }).extend({
  title: LibraryItem.shape.title.default(null),
  // A placeholder is only a picture to show while the thumbnail loads: one a hand edit broke is dropped, not the item.
  placeholder: LibraryItem.shape.placeholder.default(null).catch(null),
  // Lenient: only the names of the item's own collections are used, whatever else a hand edit left.
  collections: z.record(z.string(), z.string()).default({}),
});

/**
 * `collectionNames` may hold every collection of the library; only the item's own are written.
 * `fileMissing` is left out: whether the file is on disk is a fact about the disk, checked afresh.
 */
export function encodeSidecar(item: LibraryItem, collectionNames: Readonly<Record<string, string>> = {}): string {
  const { fileMissing: _fileMissing, ...fields } = item;
  const collections: Record<string, string> = {};
  for (const id of item.collectionIds) {
    const name = collectionNames[id];
    if (name !== undefined) collections[id] = name;
  }
  return `${JSON.stringify({ sidecarVersion: SIDECAR_VERSION, ...fields, collections }, null, 2)}\n`;
}

function upgrade(sidecarVersion: number, fields: Record<string, unknown>): SidecarRecord {
  if (sidecarVersion === 1) {
    const parsed = SidecarV1.safeParse(fields);
    if (!parsed.success) throw new Error(`not a valid library item: ${z.prettifyError(parsed.error)}`);
    // Everything version 1 did not know about, as a freshly generated item has it.
    return { item: newLibraryItem(parsed.data), collections: {} };
  }
  // A sidecar says nothing trustworthy about the disk; tolerate the field, then ignore it.
  const { fileMissing: _fileMissing, ...rest } = fields;
  const parsed = SidecarV2.safeParse(rest);
  if (!parsed.success) throw new Error(`not a valid library item: ${z.prettifyError(parsed.error)}`);
  const { collections: written, ...item } = parsed.data;
  const collections: Record<string, string> = {};
  for (const id of item.collectionIds) collections[id] = written[id]?.trim() || UNNAMED_COLLECTION;
  return { item: { ...item, fileMissing: false }, collections };
}

/** The record a sidecar holds; throws an Error whose message says what is wrong with it. */
export function decodeSidecar(text: string, expected: SidecarName): SidecarRecord {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('not valid JSON');
  }
  const envelope = SidecarEnvelope.safeParse(json);
  if (!envelope.success) throw new Error('no sidecarVersion field');
  const { sidecarVersion, ...fields } = envelope.data;
  if (sidecarVersion > SIDECAR_VERSION) {
    throw new Error(`written by a newer version of Reverie (sidecar version ${sidecarVersion})`);
  }
  const record = upgrade(sidecarVersion, fields);
  // A sidecar copied or renamed by hand would otherwise attach metadata to the wrong item or picture.
  if ('id' in expected && record.item.id !== expected.id) throw new Error('its id does not match its file name');
  if ('fileHash' in expected && record.item.fileHash !== expected.fileHash) throw new Error('its fileHash does not match its file name');
  return record;
}
