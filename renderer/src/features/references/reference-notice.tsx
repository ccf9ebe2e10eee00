import { X } from 'lucide-react';
import { AppErrorAlert } from '../errors/app-error-alert';
import { dismissReferenceNotice, useReferencesStore } from './references-store';

/**
 * Why references were not added (more than a remix takes, files that are not images), or main's
 * refusal to import them. An alert: it answers something the user just did. The prompt and the
 * references already there are untouched.
 */
export function ReferenceNotice() {
  const notice = useReferencesStore((state) => state.notice);
  const importError = useReferencesStore((state) => state.importError);
  if (importError) {
    const dismiss = (
      <button type="button" className="button button-small" onClick={dismissReferenceNotice}>
        Dismiss
      </button>
    );
    return <AppErrorAlert error={importError} note="Nothing was added; your prompt and references are kept." actions={dismiss} />;
  }
  if (notice === null) return null;
  return (
    <div role="alert" className="composer-problem reference-notice">
      <span>{notice}</span>
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={dismissReferenceNotice}>
        <X aria-hidden="true" size={14} />
      </button>
    </div>
  );
}
