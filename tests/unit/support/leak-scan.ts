import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import * as yauzl from 'yauzl';
import type { ImageCodec } from '../../../electron/main/services/ports';
import { needlesIn, type Needle } from './secret-needles';
import { codeOf } from '../../../electron/shared/errors';

/**
 * Everything a secret could hide in, as named places to search: files (their names, bytes, and for
 * images the metadata a viewer would show, decompressed), ZIP archives opened entry by entry, and
 * any value shown over IPC. Each place is searched for every needle, as it is and unescaped.
 */
export interface Place {
  name: string;
  content: string | Uint8Array;
}

export interface Hit {
  place: string;
  form: string;
}

const IMAGE = /\.(png|jpe?g|webp|avif)$/i;

async function filesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/** What an image says about itself: PNG text (inflated), EXIF and XMP, as the app's codec reads them. */
async function imageMetadata(name: string, bytes: Uint8Array, codec: ImageCodec): Promise<Place[]> {
  try {
    const text = await codec.readEmbeddedText(bytes);
    return [
      ...Object.entries(text.pngText).map(([keyword, value]) => ({ name: `${name} (PNG text "${keyword}")`, content: value })),
      ...(text.exif ? [{ name: `${name} (EXIF)`, content: text.exif }] : []),
      ...(text.xmp ? [{ name: `${name} (XMP)`, content: text.xmp }] : []),
    ];
  } catch {
    return []; // not an image the codec reads (a half-written temp file, say): its raw bytes are searched anyway
  }
}

async function zipEntries(name: string, bytes: Uint8Array, codec: ImageCodec): Promise<Place[]> {
  const zip = await yauzl.fromBufferPromise(Buffer.from(bytes), { lazyEntries: true });
  const places: Place[] = [];
  try {
    for await (const entry of zip.eachEntry()) {
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
      places.push(...(await placesOfFile(`${name} → ${entry.fileName}`, entry.fileName, Buffer.concat(chunks), codec)));
    }
  } finally {
    zip.close();
  }
  return places;
}

async function placesOfFile(name: string, fileName: string, bytes: Uint8Array, codec: ImageCodec): Promise<Place[]> {
  const places: Place[] = [
    { name: `${name} (name)`, content: fileName },
    { name, content: bytes },
  ];
  if (IMAGE.test(fileName)) places.push(...(await imageMetadata(name, bytes, codec)));
  if (/\.zip$/i.test(fileName)) places.push(...(await zipEntries(name, bytes, codec)));
  return places;
}

/** Every file under `dir`, recursively: names, bytes, image metadata and archive entries. */
export async function placesUnder(label: string, dir: string, codec: ImageCodec): Promise<Place[]> {
  const places: Place[] = [];
  for (const path of await filesIn(dir)) {
    const name = `${label}/${relative(dir, path)}`;
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (error) {
      // A temp file renamed away between listing and reading: it is searched under its new name.
      if (codeOf(error) === 'ENOENT') continue;
      throw error;
    }
    places.push(...(await placesOfFile(name, relative(dir, path), bytes, codec)));
  }
  return places;
}

export function valuePlaces(label: string, values: readonly unknown[]): Place[] {
  return values.map((value, index) => ({ name: `${label} #${index + 1}`, content: JSON.stringify(value) ?? String(value) }));
}

export function scan(places: readonly Place[], needles: readonly Needle[]): Hit[] {
  return places.flatMap((place) => needlesIn(place.content, needles).map((needle) => ({ place: place.name, form: needle.form })));
}
