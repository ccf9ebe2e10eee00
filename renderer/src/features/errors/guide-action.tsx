import { useState } from 'react';
import type { ExternalLinkName } from '../../../../electron/shared/constants';
import { invoke } from '../../ipc';
import { openSettings } from '../../stores/ui-store';
import type { ErrorAction } from './error-guide';

/** Opens one of main's named external links; a refusal is kept to be shown next to the button. */
export function useOpenLink() {
  const [linkProblem, setLinkProblem] = useState<string | null>(null);
  const openLink = async (link: ExternalLinkName) => {
    setLinkProblem(null);
    const reply = await invoke('shell:open-link', { link });
    if (!reply.ok) setLinkProblem(reply.error.message);
  };
  return { openLink, linkProblem };
}

interface GuideActionButtonProps {
  action: ErrorAction;
  primary?: boolean;
  small?: boolean;
  openLink: (link: ExternalLinkName) => Promise<void>;
}

/** The button for an action the alert does itself (settings, billing); retry and download-again are the job's own. */
export function GuideActionButton({ action, primary = false, small = false, openLink }: GuideActionButtonProps) {
  const className = ['button', primary ? 'button-primary' : null, small ? 'button-small' : null].filter(Boolean).join(' ');
  switch (action) {
    case 'open-key-settings':
      return (
        <button type="button" className={className} onClick={() => openSettings('api-key')}>
          Open key settings
        </button>
      );
    case 'open-settings':
      return (
        <button type="button" className={className} onClick={() => openSettings('panel')}>
          Open settings
        </button>
      );
    case 'open-billing':
      return (
        <button type="button" className={className} onClick={() => void openLink('billing')}>
          Open billing page
        </button>
      );
    case 'retry':
    case 'download-again':
    case null:
      return null;
  }
}
