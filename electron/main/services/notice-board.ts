import { randomUUID } from 'node:crypto';
import type { Emit } from '../../shared/contract';
import type { Notice, NoticeAction } from '../../shared/domain';

export interface NoticeInput {
  severity: Notice['severity'];
  title: string;
  message: string;
  /** A file or folder the user may want to see (a damaged copy set aside); never sent to the renderer. */
  path?: string | null;
  action?: NoticeAction;
}

export interface NoticeBoard {
  post(notice: NoticeInput): Notice;
  list(): Notice[];
  /** False when no such notice is up. */
  dismiss(id: string): boolean;
  pathOf(id: string): string | null;
}

/**
 * What main has to tell the user about this run, kept until they dismiss it. Notices posted while
 * the library opens, before any window exists, wait here for the renderer's first `notices:list`.
 */
export function createNoticeBoard(deps: { emit: Emit; now: () => number }): NoticeBoard {
  const notices = new Map<string, { notice: Notice; path: string | null }>();
  const list = () => Array.from(notices.values(), (entry) => entry.notice);
  const changed = () => deps.emit('notices:changed', list());

  return {
    post({ severity, title, message, path = null, action }) {
      const notice: Notice = { id: randomUUID(), severity, title, message, revealable: path !== null, ...(action ? { action } : {}), createdAt: deps.now() };
      notices.set(notice.id, { notice, path });
      changed();
      return notice;
    },
    list,
    dismiss(id) {
      const removed = notices.delete(id);
      if (removed) changed();
      return removed;
    },
    pathOf: (id) => notices.get(id)?.path ?? null,
  };
}
