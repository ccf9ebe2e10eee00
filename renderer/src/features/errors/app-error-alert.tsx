import { useState, type ReactNode } from 'react';
import type { ExternalLinkName } from '../../../../electron/shared/constants';
import type { AppError } from '../../../../electron/shared/errors';
import { ErrorAlert } from '../../components/error-alert';
import { invoke } from '../../ipc';
import { openSettings } from '../../stores/ui-store';
import { errorGuide } from './error-guide';

interface AppErrorAlertProps {
  error: AppError;
  /** Added after the guide's hint, e.g. "Your prompt is kept as you wrote it." */
  note?: string;
  /** More buttons next to the guide's own action. */
  actions?: ReactNode;
  urgent?: boolean;
}

/** An AppError with its headline, hint and the action that fixes it (see error-guide.ts). */
export function AppErrorAlert({ error, note, actions, urgent }: AppErrorAlertProps) {
  const guide = errorGuide(error);
  const [linkProblem, setLinkProblem] = useState<string | null>(null);

  const openLink = async (link: ExternalLinkName) => {
    setLinkProblem(null);
    const reply = await invoke('shell:open-link', { link });
    if (!reply.ok) setLinkProblem(reply.error.message);
  };

  const hint = [guide.hint, note, linkProblem].filter((part): part is string => Boolean(part)).join(' ');

  return (
    <ErrorAlert
      error={error}
      title={guide.title}
      hint={hint || undefined}
      urgent={urgent}
      actions={
        <>
          {guide.action === 'open-key-settings' ? (
            <button type="button" className="button" onClick={() => openSettings('api-key')}>
              Open key settings
            </button>
          ) : null}
          {guide.action === 'open-settings' ? (
            <button type="button" className="button" onClick={() => openSettings('panel')}>
              Open settings
            </button>
          ) : null}
          {guide.action === 'open-billing' ? (
            <button type="button" className="button" onClick={() => void openLink('billing')}>
              Open billing page
            </button>
          ) : null}
          {actions}
        </>
      }
    />
  );
}
