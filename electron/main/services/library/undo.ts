import type { CollectionRow, Membership } from './collections';
import type { ItemKey } from './row';

/**
 * What Undo would revert: the inverse of the last organize action, as data. Only what the action
 * really changed is kept (the items that did not have the tag before, the trash dates that were
 * there before), so undoing never touches an item the action left alone.
 */
export type UndoEntry =
  /** `favorite` is the value the action set; undo sets the opposite on exactly these items. */
  | { kind: 'favorite'; items: ItemKey[]; favorite: boolean }
  /** Items that gained the tag. */
  | { kind: 'tag'; items: ItemKey[]; tag: string }
  /** Items that lost the tag. */
  | { kind: 'untag'; items: ItemKey[]; tag: string }
  /** The tag itself was renamed (no other tag had the new name). */
  | { kind: 'rename-tag'; from: string; to: string; items: ItemKey[] }
  /** `from` was merged into the existing `to`: `items` had `from`, `gained` had `from` but not `to`. */
  | { kind: 'merge-tag'; from: string; to: string; items: ItemKey[]; gained: ItemKey[] }
  /** Items newly added to the collection. */
  | { kind: 'collect'; collection: CollectionRow; items: ItemKey[] }
  /** Memberships removed, with their dates. */
  | { kind: 'uncollect'; collection: CollectionRow; items: Membership[] }
  | { kind: 'delete-collection'; collection: CollectionRow; items: Membership[] }
  /** Items moved to the trash (those already there kept their date and are not listed). */
  | { kind: 'trash'; items: ItemKey[] }
  /** Items taken out of the trash, with when they had been put there. */
  | { kind: 'restore'; items: Array<ItemKey & { trashedAt: number }> };

const images = (count: number) => `${count} ${count === 1 ? 'image' : 'images'}`;

/** The sentence for the undo toast: what the action did, which is what Undo would take back. */
export function undoLabel(entry: UndoEntry | null): string | null {
  if (entry === null) return null;
  switch (entry.kind) {
    case 'favorite':
      return `${entry.favorite ? 'Starred' : 'Unstarred'} ${images(entry.items.length)}`;
    case 'tag':
      return `Tagged ${images(entry.items.length)} “${entry.tag}”`;
    case 'untag':
      return `Removed the tag “${entry.tag}” from ${images(entry.items.length)}`;
    case 'rename-tag':
      return `Renamed the tag “${entry.from}” to “${entry.to}”`;
    case 'merge-tag':
      return `Merged the tag “${entry.from}” into “${entry.to}”`;
    case 'collect':
      return `Added ${images(entry.items.length)} to “${entry.collection.name}”`;
    case 'uncollect':
      return `Removed ${images(entry.items.length)} from “${entry.collection.name}”`;
    case 'delete-collection':
      return `Deleted the collection “${entry.collection.name}”`;
    case 'trash':
      return `Moved ${images(entry.items.length)} to the trash`;
    case 'restore':
      return `Restored ${images(entry.items.length)} from the trash`;
  }
}
