import { ExternalLink } from 'lucide-react';
import { Dialog } from 'radix-ui';
import { useRef, useState } from 'react';
import type { AppError } from '../../../../electron/shared/errors';
import { ErrorAlert } from '../../components/error-alert';
import { invoke } from '../../ipc';
import { useKeyStore } from '../../stores/key-store';
import { closeWelcome, useUiStore } from '../../stores/ui-store';
import { ApiKeySection } from './api-key-section';
import { KeyTest } from './key-test';

/**
 * The first start, with no key stored: what Reverie is, where keys are made, the key itself (the
 * same section as in Settings) and a free test of it. "Later" leaves it for Settings. Like Settings,
 * no Dialog.Overlay (its scroll lock injects a <style> the CSP refuses).
 */
export function WelcomeDialog() {
  const open = useUiStore((state) => state.welcomeOpen);
  const keyStored = useKeyStore((state) => state.status?.stored ?? false);
  const keyInputRef = useRef<HTMLInputElement>(null);
  const [linkError, setLinkError] = useState<AppError | null>(null);

  const openKeysPage = async () => {
    setLinkError(null);
    // Main opens the allow-listed page in the system browser; the page never handles a URL.
    const reply = await invoke('shell:open-link', { link: 'keys' });
    if (!reply.ok) setLinkError(reply.error);
  };

  return (
    <Dialog.Root open={open} onOpenChange={(next) => (next ? undefined : closeWelcome())}>
      <Dialog.Portal>
        <div className="dialog-backdrop">
          <Dialog.Content
            className="welcome-dialog"
            onOpenAutoFocus={(event) => {
              event.preventDefault();
              keyInputRef.current?.focus();
            }}
          >
            <Dialog.Title className="settings-title">Welcome to Reverie</Dialog.Title>
            <Dialog.Description className="welcome-lead">
              Reverie turns your prompts into images with Reve’s model on the AI/ML API, and keeps every image in a library on this computer.
            </Dialog.Description>
            <p className="welcome-step">To start, add your AI/ML API key. You pay the AI/ML API for each image; the key stays on this computer.</p>
            <div className="button-row">
              <button type="button" className="button button-link" onClick={() => void openKeysPage()}>
                Get a key at aimlapi.com
                <ExternalLink aria-hidden="true" />
              </button>
            </div>
            {linkError ? <ErrorAlert error={linkError} /> : null}
            <ApiKeySection inputRef={keyInputRef} />
            <KeyTest inputRef={keyInputRef} />
            <div className="welcome-foot">
              <Dialog.Close className={keyStored ? 'button button-primary' : 'button button-quiet'}>{keyStored ? 'Start creating' : 'Later'}</Dialog.Close>
            </div>
          </Dialog.Content>
        </div>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
