import type { ModelId } from '../constants';
import type { LibraryItem } from './library-item';

/** What the account has left, what each model costs now, and where an image came from. */

/**
 * The account's balance as last read from GET /v2/billing (`current_balance`, USD). `usd` is null
 * when it was never read or the answer had another shape (or a 404): the header then shows nothing.
 * Offline, the last figure stays with the time it was read.
 */
export interface AccountBalance {
  usd: number | null;
  /** Epoch ms of the read that gave `usd`; null when never read. */
  readAt: number | null;
}

/** Credits per image for each model: the live price list when it could be read, else the docs' figures. */
export interface ModelPrices {
  creditsPerImage: Record<ModelId, number>;
  source: 'live' | 'docs';
  /** Epoch ms of the live read; null for the docs' figures. */
  readAt: number | null;
}

/** One source of an item: its id as recorded, and the item when it is still in the library (trash included). */
export interface LineageSource {
  id: string;
  item: LibraryItem | null;
}

/** Where an item came from and what was made from it since. */
export interface ItemLineage {
  /** In the order they were sent. */
  sources: LineageSource[];
  /** Items that name this one among their sources, newest first. */
  versions: LibraryItem[];
}
