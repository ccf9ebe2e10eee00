import './composer.css';
import { useId, type FocusEvent, type FormEvent, type KeyboardEvent } from 'react';
import { flushDraftSave } from '../../stores/composer-draft';
import { enqueue, useComposerStore } from '../../stores/composer-store';
import { AppErrorAlert } from '../errors/app-error-alert';
import { HistoryPopover } from '../history/history-popover';
import { SavedPromptsPopover } from '../templates/saved-prompts-popover';
import { AdvancedOptions } from './advanced-options';
import { AspectRatioPicker } from './aspect-ratio-picker';
import { ComposerStatus } from './composer-status';
import { BudgetNotes, GenerateBar } from './generate-bar';
import { FanOutToggle, ImagesPerRatio } from './images-per-ratio';
import { PromptCounter, PromptField, PromptProblemNote } from './prompt-field';

/** Ctrl+Enter / Cmd+Enter, but not while an input method is still composing text. */
function isGenerateShortcut(event: KeyboardEvent<HTMLElement>): boolean {
  return event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.nativeEvent.isComposing;
}

/**
 * The prompt bar docked over the gallery: the prompt, the popover buttons (history, saved prompts,
 * Advanced) and Generate on top, the ratios and count in one row under it, so the gallery keeps the
 * window. Nothing in it is sticky or overlaid. Never blocked by running jobs: each click queues
 * its images and the bar is free for the next prompt at once.
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
    <form className="composer" aria-labelledby={headingId} onSubmit={onSubmit} onKeyDown={onKeyDown} onBlur={onBlur} noValidate>
      <h2 id={headingId} className="visually-hidden">
        Compose
      </h2>
      <div className="composer-prompt-row">
        <PromptField problemId={problemId} />
        <div className="composer-tools">
          <HistoryPopover />
          <SavedPromptsPopover />
          <AdvancedOptions />
        </div>
        <GenerateBar problemId={problemId} />
      </div>
      <div className="composer-controls">
        <AspectRatioPicker />
        <FanOutToggle />
        <ImagesPerRatio />
        <div className="composer-aside">
          <ComposerStatus />
          <PromptCounter problemId={problemId} />
        </div>
      </div>
      <PromptProblemNote problemId={problemId} />
      <BudgetNotes problemId={problemId} />
      {error ? <AppErrorAlert error={error} note="Your prompt is kept as you wrote it." /> : null}
    </form>
  );
}
