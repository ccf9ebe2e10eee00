import type { shareHandlers as mainShareHandlers } from '../../../../electron/main/services/studio/handlers/share';
import type { ParsedInput } from '../../../../electron/shared/contract';
import type { DragReady } from '../../../../electron/shared/domain';
import { appError, fail, ok, type Result } from '../../../../electron/shared/errors';
import type { FakeReverie } from '../fake-reverie';
import type { FakeHandlersFor } from './types';

/** Copying to the clipboard and dragging files out. */
export function shareHandlers(fake: FakeReverie): FakeHandlersFor<typeof mainShareHandlers> {
  // Main makes a drag ready ahead (drag:prepare) and then hands it over (drag:start); here both just count the files.
  const dragOf = ({ ids }: ParsedInput<'drag:start'>): Result<DragReady> => {
    const files = ids.filter((id) => fake.library.some((item) => item.id === id && item.status === 'ok' && !item.fileMissing)).length;
    if (files === 0) return fail(appError('not-found-locally', 'None of these items has an image file to drag.'));
    return ok({ files, format: fake.settings.dragFormat, skipped: ids.length - files });
  };

  return {
    'clipboard:copy': ({ id }) => {
      if (!fake.library.some((item) => item.id === id)) return fail(appError('not-found-locally', 'That image is no longer in the library.'));
      return ok(null);
    },
    'drag:prepare': dragOf,
    'drag:start': dragOf,
  };
}
