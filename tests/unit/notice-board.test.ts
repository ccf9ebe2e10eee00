import { describe, expect, it } from 'vitest';
import type { EventName } from '../../electron/shared/contract';
import { createNoticeBoard } from '../../electron/main/services/notice-board';

describe('notice board', () => {
  it('keeps notices until dismissed, announces each change, and keeps paths in main', () => {
    const events: Array<{ event: EventName; payload: unknown }> = [];
    const board = createNoticeBoard({ emit: (event, payload) => void events.push({ event, payload }), now: () => 42 });

    const damaged = board.post({ severity: 'warning', title: 'Library rebuilt', message: 'The database was damaged.', path: '/data/library/damaged' });
    const plain = board.post({ severity: 'info', title: 'Recovered', message: 'Two images were recovered.' });

    expect(board.list()).toEqual([
      { id: damaged.id, severity: 'warning', title: 'Library rebuilt', message: 'The database was damaged.', revealable: true, createdAt: 42 },
      { id: plain.id, severity: 'info', title: 'Recovered', message: 'Two images were recovered.', revealable: false, createdAt: 42 },
    ]);
    expect(JSON.stringify(board.list())).not.toContain('/data/library/damaged');
    expect(board.pathOf(damaged.id)).toBe('/data/library/damaged');
    expect(board.pathOf(plain.id)).toBeNull();

    expect(board.dismiss(damaged.id)).toBe(true);
    expect(board.dismiss(damaged.id)).toBe(false);
    expect(board.list().map((notice) => notice.id)).toEqual([plain.id]);
    expect(events.map((event) => event.event)).toEqual(['notices:changed', 'notices:changed', 'notices:changed']);
    expect(events.at(-1)?.payload).toEqual(board.list());
  });
});
