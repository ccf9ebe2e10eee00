import type { KeyStatus } from '../../../../electron/shared/domain';

function describe(status: KeyStatus | null, loading: boolean): string {
  if (!status) return loading ? 'Checking for a stored key…' : 'Key status unknown.';
  if (!status.stored) return 'No API key stored yet.';
  const ending = status.last4 ? `, ending in ${status.last4}` : '';
  return status.storage === 'session' ? `Key kept for this session only (not saved)${ending}.` : `Key stored in the system keychain${ending}.`;
}

/** What main says about the key; at most its last 4 characters ever reach the screen. */
export function KeyStatusLine({ status, loading }: { status: KeyStatus | null; loading: boolean }) {
  return (
    <p role="status" className="key-status" data-stored={status?.stored ?? false}>
      {describe(status, loading)}
    </p>
  );
}
