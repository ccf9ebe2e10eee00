import './composer.css';
import { useId, type FocusEvent, type FormEvent, type KeyboardEvent } from 'react';
import { flushDraftSave } from '../../stores/composer-draft';
import { enqueue, useComposerStore } from '../../stores/composer-store';
import { AppErrorAlert } from '../errors/app-error-alert';
import { AdvancedOptions } from './advanced-options';
import { AspectRatioPicker } from './aspect-ratio-picker';
import { ComposerStatus } from './composer-status';
import { DeliveryPicker } from './delivery-picker';
import { GenerateBar } from './generate-bar';
import { ImagesPerRatio } from './images-per-ratio';
import { PromptField } from './prompt-field';

/** Ctrl+Enter / Cmd+Enter, but not while an input method is still composing text. */
function isGenerateShortcut(event: KeyboardEvent<HTMLElement>): boolean {
  return event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.nativeEvent.isComposing;
}

/**
 * Writes and sends prompts. Never blocked by running jobs: each click queues its images and the
 * composer is free for the next prompt at once.
 */
export function Composer() {
  const problemId = useId();
  const headingId = useId();
  const error = useComposerStore((state) => state.error);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void enqueue();
  };

  // The shortcut works anywhere in the composer: in the prompt, and after picking a ratio.
  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (!isGenerateShortcut(event)) return;
    event.preventDefault();
    void enqueue();
  };

  // Focus leaving the composer saves the draft now rather than after the debounce.
  const onBlur = (event: FocusEvent<HTMLFormElement>) => {
    if (!event.currentTarget.contains(event.relatedTarget)) flushDraftSave();
  };

  return (
    <form className="composer panel" aria-labelledby={headingId} onSubmit={onSubmit} onKeyDown={onKeyDown} onBlur={onBlur} noValidate>
      <h2 id={headingId} className="panel-title">
        Compose
      </h2>
      <PromptField problemId={problemId} />
      <ImagesPerRatio />
      <AspectRatioPicker />
      <DeliveryPicker />
      <AdvancedOptions />
      {/* Sticks to the bottom of the column, so Generate and its outcome stay in view while scrolled. */}
      <div className="composer-footer">
        <GenerateBar problemId={problemId} />
        <ComposerStatus />
        {error ? <AppErrorAlert error={error} note="Your prompt is kept as you wrote it." /> : null}
      </div>
    </form>
  );
}
