import type { Handlers } from '../../../../shared/contract';
import { appError, fail, ok } from '../../../../shared/errors';
import type { StudioContext } from '../context';

type NoticeHandlers = Pick<Handlers, 'notices:list' | 'notices:dismiss' | 'notices:reveal'>;

/** What main found and fixed on its own this run, told to the user. */
export function noticeHandlers({ notices, deps }: StudioContext): NoticeHandlers {
  return {
    'notices:list': async () => ok(notices.list()),
    'notices:dismiss': async ({ id }) => {
      notices.dismiss(id);
      return ok(notices.list());
    },
    'notices:reveal': async ({ id }) => {
      const path = notices.pathOf(id);
      if (path === null) return fail(appError('not-found', 'That notice names no file to show.'));
      deps.revealer.reveal(path);
      return ok(null);
    },
  };
}
