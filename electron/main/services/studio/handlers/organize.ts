import type { Handlers } from '../../../../shared/contract';
import { ok, type Result } from '../../../../shared/errors';
import type { StudioContext } from '../context';

type OrganizeHandlers = Pick<
  Handlers,
  | 'library:set-favorite'
  | 'library:add-tag'
  | 'library:remove-tag'
  | 'library:trash'
  | 'library:restore'
  | 'library:empty-trash'
  | 'library:undo'
  | 'tags:list'
  | 'tags:rename'
  | 'collections:list'
  | 'collections:create'
  | 'collections:rename'
  | 'collections:delete'
  | 'collections:add'
  | 'collections:remove'
>;

/** Organizing the library: favorites, tags, collections, the trash, and Undo. */
export function organizeHandlers({ session, deps, now }: StudioContext): OrganizeHandlers {
  /** After an organize action: sidecars follow in the background, and the renderer reloads what it shows. */
  function organized<T extends { changed: number }>(summary: T, reason: 'organize' | 'trash' | 'undo'): Result<T> {
    session().sidecars.schedule(session().library.takeChangedIds());
    if (summary.changed > 0 || reason === 'undo') deps.emit('library:changed', { reason });
    return ok(summary);
  }

  return {
    'library:set-favorite': async ({ selection, favorite }) => organized(session().library.setFavorite(selection, favorite), 'organize'),
    'library:add-tag': async ({ selection, tag }) => organized(session().library.addTag(selection, tag), 'organize'),
    'library:remove-tag': async ({ selection, tag }) => organized(session().library.removeTag(selection, tag), 'organize'),
    'library:trash': async ({ selection }) => organized(session().library.trash(selection, now()), 'trash'),
    'library:restore': async ({ selection }) => organized(session().library.restore(selection), 'trash'),
    'library:empty-trash': async () => {
      // A sidecar rewrite still queued must not bring back an item deleted here.
      await session().sidecars.flush();
      const { deleted, stillReferencedHashes } = session().library.emptyTrash();
      for (const item of deleted) {
        await session().store.removeFiles(item, { keepImage: item.fileHash !== null && stillReferencedHashes.has(item.fileHash) });
      }
      deps.emit('library:changed', { reason: 'trash' });
      return ok({ changed: deleted.length, undoLabel: null });
    },
    'library:undo': async () => organized(session().library.undo(), 'undo'),
    'tags:list': async (query) => ok(session().library.listTags(query)),
    'tags:rename': async ({ from, to }) => organized(session().library.renameTag(from, to), 'organize'),
    'collections:list': async () => ok(session().library.listCollections()),
    'collections:create': async ({ name }) => ok(session().library.createCollection(name, now())),
    'collections:rename': async ({ id, name }) => session().library.renameCollection(id, name),
    'collections:delete': async ({ id }) => organized(session().library.deleteCollection(id), 'organize'),
    'collections:add': async ({ collectionId, selection }) => {
      const result = session().library.addToCollection(collectionId, selection, now());
      return result.ok ? organized(result.value, 'organize') : result;
    },
    'collections:remove': async ({ collectionId, selection }) => {
      const result = session().library.removeFromCollection(collectionId, selection);
      return result.ok ? organized(result.value, 'organize') : result;
    },
  };
}
