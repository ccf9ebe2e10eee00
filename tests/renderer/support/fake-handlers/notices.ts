import type { noticeHandlers as mainNoticeHandlers } from '../../../../electron/main/services/studio/handlers/notices';
import { appError, fail, ok } from '../../../../electron/shared/errors';
import type { FakeReverie } from '../fake-reverie';
import type { FakeHandlersFor } from './types';

/** What main tells the user this run (tests post notices with `fake.postNotice`). */
export function noticeHandlers(fake: FakeReverie): FakeHandlersFor<typeof mainNoticeHandlers> {
  return {
    'notices:list': () => ok([...fake.notices]),
    'notices:dismiss': ({ id }) => {
      fake.notices = fake.notices.filter((notice) => notice.id !== id);
      fake.emit('notices:changed', [...fake.notices]);
      return ok([...fake.notices]);
    },
    'notices:reveal': ({ id }) => {
      const notice = fake.notices.find((candidate) => candidate.id === id);
      if (!notice?.revealable) return fail(appError('not-found', 'That notice names no file to show.'));
      fake.revealedNotices.push(notice.id);
      return ok(null);
    },
  };
}
