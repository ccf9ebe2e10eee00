import { useId, type FormEvent, type KeyboardEvent } from 'react';
import { generate, useComposerStore } from '../../stores/composer-store';
import { AspectRatioPicker } from './aspect-ratio-picker';
import { GenerationError } from './generation-error';
import { GenerationStatus } from './generation-status';
import { PromptField } from './prompt-field';
import { promptProblem } from './prompt-rules';

/** Ctrl+Enter / Cmd+Enter, but not while an input method is still composing text. */
function isGenerateShortcut(event: KeyboardEvent<HTMLElement>): boolean {
  return event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.nativeEvent.isComposing;
}

const SHORTCUT = typeof navigator !== 'undefined' && /Mac/i.test(navigator.userAgent) ? '⌘ Enter' : 'Ctrl Enter';

export function Composer() {
  const problemId = useId();
  const busyId = useId();
  const headingId = useId();
  const prompt = useComposerStore((state) => state.prompt);
  const running = useComposerStore((state) => state.running);
  const error = useComposerStore((state) => state.error);
  const blocked = running || promptProblem(prompt) !== null;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void generate();
  };

  // The shortcut works anywhere in the composer: in the prompt, and after picking a ratio.
  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (!isGenerateShortcut(event)) return;
    event.preventDefault();
    void generate();
  };

  // aria-disabled (not disabled) keeps the button focusable, so its reason can still be read out.
  return (
    <form className="composer panel" aria-labelledby={headingId} onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate>
      <h2 id={headingId} className="panel-title">
        Compose
      </h2>
      <PromptField problemId={problemId} />
      <AspectRatioPicker />
      <div className="composer-actions">
        <button
          type="submit"
          className="button button-primary"
          aria-disabled={blocked}
          aria-describedby={running ? busyId : problemId}
        >
          Generate
        </button>
        <kbd className="shortcut" aria-hidden="true">
          {SHORTCUT}
        </kbd>
        <span id={busyId} className="visually-hidden">
          {running ? 'A generation is already running.' : ''}
        </span>
      </div>
      <GenerationStatus />
      {error ? <GenerationError error={error} /> : null}
    </form>
  );
}
