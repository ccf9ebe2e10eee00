import type { DatabaseSync } from 'node:sqlite';
import type { Handlers } from '../../../../shared/contract';
import type { LibraryCounts } from '../../../../shared/domain';
import { appError, fail, ok } from '../../../../shared/errors';
import { importImages } from '../../library-folder/import';
import { IMPORT_EXTENSIONS, importPickedFiles } from '../../library-folder/import-picked';
import { createLibraryCounts } from '../../library/counts';
import type { StudioContext } from '../context';

type LibraryHandlers = Pick<
  Handlers,
  'library:list' | 'library:count' | 'library:get' | 'library:counts' | 'library:import' | 'library:import-picked' | 'library:lineage'
>;

/** Browsing the library, and bringing image files into it. */
export function libraryHandlers({ session, deps, now }: StudioContext): LibraryHandlers {
  // Its statements are prepared once per database: a move, a restore or a damaged database's rebuild opens another.
  let counter: { db: DatabaseSync; count: () => LibraryCounts } | null = null;
  const countsOf = (db: DatabaseSync): LibraryCounts => {
    if (counter?.db !== db) counter = { db, count: createLibraryCounts(db) };
    return counter.count();
  };

  return {
    'library:list': async (input) => session().library.list(input),
    'library:count': async ({ query }) => ok(session().library.count(query)),
    'library:counts': async () => ok(countsOf(session().db)),
    'library:get': async ({ id }) => {
      const item = session().library.get(id);
      return item ? ok(item) : fail(appError('not-found-locally', 'That image is no longer in the library.'));
    },
    // Sources in the order they were sent, each with its item, or null once deleted for good (the id
    // stays, so the viewer can say one is gone). Versions include trashed ones, as sources do: each
    // carries its trashedAt, and the viewer decides how to show it; Empty trash removes them.
    'library:lineage': async ({ id }) => {
      const { library } = session();
      const item = library.get(id);
      if (!item) return fail(appError('not-found-locally', 'That image is no longer in the library.'));
      return ok({ sources: item.sources.map((source) => ({ id: source, item: library.get(source) })), versions: library.versions(id) });
    },
    'library:import': async ({ files }) => {
      const { store, library } = session();
      const result = await importImages(files, { store, library, codec: deps.imageCodec, now });
      if (result.imported.length > 0) deps.emit('library:changed', { reason: 'import' });
      return ok(result);
    },
    'library:import-picked': async () => {
      const paths = await deps.filePicker.pickFiles('Import images', 'Images', IMPORT_EXTENSIONS);
      if (paths === null) return fail(appError('cancelled', 'No images were imported.'));
      const { store, library } = session();
      const result = await importPickedFiles(paths, { store, library, codec: deps.imageCodec, now }, (done, total) =>
        deps.emit('import:progress', { done, total }),
      );
      if (result.imported.length > 0) deps.emit('library:changed', { reason: 'import' });
      return ok(result);
    },
  };
}
