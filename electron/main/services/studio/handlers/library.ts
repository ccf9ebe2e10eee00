import type { Handlers } from '../../../../shared/contract';
import { appError, fail, ok } from '../../../../shared/errors';
import { importImages } from '../../library-folder/import';
import type { StudioContext } from '../context';

type LibraryHandlers = Pick<Handlers, 'library:list' | 'library:get' | 'library:import'>;

/** Browsing the library, and bringing image files into it. */
export function libraryHandlers({ session, deps, now }: StudioContext): LibraryHandlers {
  return {
    'library:list': async (input) => session().library.list(input),
    'library:get': async ({ id }) => {
      const item = session().library.get(id);
      return item ? ok(item) : fail(appError('not-found-locally', 'That image is no longer in the library.'));
    },
    'library:import': async ({ files }) => {
      const { store, library } = session();
      const result = await importImages(files, { store, library, codec: deps.imageCodec, now });
      if (result.imported.length > 0) deps.emit('library:changed', { reason: 'import' });
      return ok(result);
    },
  };
}
