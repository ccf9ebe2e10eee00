import './notices.css';
import { dismissNotice, rebuildFromNotice, revealNotice, useNoticesStore } from '../../stores/notices-store';

/**
 * App-wide notices from main (a damaged library set aside and rebuilt, unreadable settings, images
 * recovered after a crash). Warnings are alerts so they are announced; each stays until dismissed.
 */
export function NoticeList() {
  const notices = useNoticesStore((state) => state.notices);
  const actionError = useNoticesStore((state) => state.actionError);
  const rebuilding = useNoticesStore((state) => state.rebuilding);
  if (notices.length === 0) return null;
  return (
    <section className="notice-list" aria-label="Notices">
      {notices.map((notice) => (
        <div key={notice.id} role={notice.severity === 'warning' ? 'alert' : 'status'} className={`notice app-notice app-notice-${notice.severity}`}>
          <strong>{notice.title}</strong>
          <p dir="auto">{notice.message}</p>
          <div className="app-notice-actions">
            {notice.action === 'rebuild-library' ? (
              <button type="button" onClick={() => void rebuildFromNotice()} disabled={rebuilding}>
                {rebuilding ? 'Rebuilding the library…' : 'Rebuild library'}
              </button>
            ) : null}
            {notice.revealable ? (
              <button type="button" onClick={() => void revealNotice(notice.id)}>
                Show in folder
              </button>
            ) : null}
            <button type="button" onClick={() => void dismissNotice(notice.id)} aria-label={`Dismiss: ${notice.title}`}>
              Dismiss
            </button>
          </div>
        </div>
      ))}
      {actionError ? <p role="alert">{actionError}</p> : null}
    </section>
  );
}
