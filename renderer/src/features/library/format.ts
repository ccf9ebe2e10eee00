import type { LibraryItem, LibraryQuery } from '../../../../electron/shared/domain';
import { activeLibraryFilters } from '../../../../electron/shared/domain/library-filters';

const numbers = new Intl.NumberFormat('en-US');

/** What an item is called wherever it is named (alt text, captions, labels): its prompt, else its title (an import's file name). */
export function itemLabel(item: Pick<LibraryItem, 'prompt' | 'title'>): string {
  return item.prompt.trim() || item.title?.trim() || 'Untitled image';
}

/** "1 image", "1,234 images". */
export function imageCount(count: number): string {
  return count === 1 ? '1 image' : `${numbers.format(count)} images`;
}

/** The match count next to the heading. */
export function matchCountText(total: number, query: LibraryQuery): string {
  if (query.view === 'trash') return total === 0 ? 'No images in the trash' : `${imageCount(total)} in the trash`;
  return imageCount(total);
}

/** A date input's value ("2025-03-01") as local midnight, epoch ms; null when empty or invalid. */
export function dateInputToEpoch(value: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const time = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])).getTime();
  return Number.isFinite(time) ? time : null;
}

/** Local midnight (epoch ms) back to a date input's value. */
export function epochToDateInput(epoch: number | null): string {
  if (epoch === null) return '';
  const date = new Date(epoch);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The day after, at local midnight (a "to" date includes its whole day; the query's `to` is exclusive). */
export function nextDay(epoch: number): number {
  const date = new Date(epoch);
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + 1).getTime();
}

export function previousDay(epoch: number): number {
  const date = new Date(epoch);
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() - 1).getTime();
}

/** Whether any filter (not the search text, view or sort) narrows the list. */
export function activeFilterCount(query: LibraryQuery): number {
  // The dates count once, however many of from and to are set.
  return activeLibraryFilters(query).length;
}
