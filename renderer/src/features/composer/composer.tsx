import './composer.css';
import '../references/references.css';
import { useId, type ClipboardEvent, type DragEvent, type FocusEvent, type FormEvent, type KeyboardEvent } from 'react';
import { flushDraftSave } from '../../stores/composer-draft';
import { requestGenerate, useComposerStore } from '../../stores/composer-store';
import { AppErrorAlert } from '../errors/app-error-alert';
import { importAsReferences, imageFilesOf } from '../references/import-references';
import { ModePicker } from '../references/mode-picker';
import { ReferenceList } from '../references/reference-list';
import { ReferenceNotice } from '../references/reference-notice';
import { HistoryPopover } from '../history/history-popover';
import { SavedPromptsPopover } from '../templates/saved-prompts-popover';
import { AdvancedOptions } from './advanced-options';
import { AspectRatioPicker } from './aspect-ratio-picker';
import { ComposerStatus } from './composer-status';
import { BudgetNotes, GenerateBar } from './generate-bar';
import { FanOutToggle, ImagesPerRatio } from './images-per-ratio';
import { OverBalanceDialog } from './over-balance-dialog';
import { PromptCounter, PromptField, PromptProblemNote } from './prompt-field';

/** Ctrl+Enter / Cmd+Enter, but not while an input method is still composing text. */
function isGenerateShortcut(event: KeyboardEvent<HTMLElement>): boolean {
  return event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.nativeEvent.isComposing;
}

const carriesFiles = (event: DragEvent<HTMLElement>) => Array.from(event.dataTransfer.types).includes('Files');

/**
 * Image files dropped on the bar become references (imported into the library first). The drop's
 * default is prevented here, which tells the window's import layer (import-layer.tsx) that the
 * drop was taken: it only hides its overlay.
 */
function onDrop(event: DragEvent<HTMLFormElement>): void {
  if (!carriesFiles(event)) return;
  event.preventDefault();
  void importAsReferences(imageFilesOf(event.dataTransfer));
}

function onDragOver(event: DragEvent<HTMLFormElement>): void {
  if (!carriesFiles(event)) return;
  event.preventDefault();
  event.dataTransfer.dropEffect = 'copy';
}

/** A pasted image (a screenshot, a copied picture) becomes a reference; pasted text stays text. */
function onPaste(event: ClipboardEvent<HTMLFormElement>): void {
  const files = imageFilesOf(event.clipboardData);
  if (files.length === 0) return;
  event.preventDefault();
  void importAsReferences(files);
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
    requestGenerate();
  };

  // The shortcut works anywhere in the composer: in the prompt, and after picking a ratio.
  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (!isGenerateShortcut(event)) return;
    event.preventDefault();
    requestGenerate();
  };

  // Focus leaving the composer saves the draft now rather than after the debounce.
  const onBlur = (event: FocusEvent<HTMLFormElement>) => {
    if (!event.currentTarget.contains(event.relatedTarget)) flushDraftSave();
  };

  // The question sits outside the form: events from its portal would bubble to the form's handlers.
  return (
    <>
      <form
        className="composer"
        aria-labelledby={headingId}
        onSubmit={onSubmit}
        onKeyDown={onKeyDown}
        onBlur={onBlur}
        onDragOver={onDragOver}
        onDrop={onDrop}
        onPaste={onPaste}
        noValidate
      >
        <h2 id={headingId} className="visually-hidden">
          Compose
        </h2>
        <div className="composer-prompt-row">
          <ReferenceList />
          <PromptField problemId={problemId} />
          <div className="composer-tools">
            <HistoryPopover />
            <SavedPromptsPopover />
            <AdvancedOptions />
          </div>
          <GenerateBar problemId={problemId} />
        </div>
        <div className="composer-controls">
          <ModePicker />
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
        <ReferenceNotice />
        {error ? <AppErrorAlert error={error} note="Your prompt and references are kept as they were." /> : null}
      </form>
      <OverBalanceDialog />
    </>
  );
}
