import type { LibraryItem } from '../../../../electron/shared/domain';

export interface TileProblem {
  kind: 'refused' | 'download-failed' | 'missing';
  title: string;
  hint: string | null;
}

/** Items without an image to show still get a tile: nothing the user paid for disappears. */
export function tileProblem(item: LibraryItem): TileProblem | null {
  if (item.status === 'refused') return { kind: 'refused', title: 'Refused by policy', hint: 'No image was made for this prompt' };
  if (item.status === 'download-failed') return { kind: 'download-failed', title: 'Download failed', hint: 'Download again in the queue' };
  if (item.fileMissing || item.fileHash === null) return { kind: 'missing', title: 'File missing', hint: 'The image file is no longer on disk' };
  return null;
}
