import { z } from 'zod';
import { LibraryItem } from '../../shared/domain';

/**
 * The JSON file next to each image that lets the library be rebuilt from the folder alone.
 * Versioned on its own because sidecars outlive databases: an old folder may meet a new build.
 */
export const SIDECAR_VERSION = 1;

const SidecarEnvelope = z.looseObject({ sidecarVersion: z.int().positive() });

export function encodeSidecar(item: LibraryItem): string {
  return `${JSON.stringify({ sidecarVersion: SIDECAR_VERSION, ...item }, null, 2)}\n`;
}

/** The item a sidecar holds; throws an Error whose message says what is wrong with it. */
export function decodeSidecar(text: string, expectedFileHash: string): LibraryItem {
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
  const item = LibraryItem.safeParse(fields);
  if (!item.success) throw new Error(`not a valid library item: ${z.prettifyError(item.error)}`);
  // A sidecar copied or renamed by hand would otherwise attach metadata to the wrong picture.
  if (item.data.fileHash !== expectedFileHash) throw new Error('its fileHash does not match its file name');
  return item.data;
}
