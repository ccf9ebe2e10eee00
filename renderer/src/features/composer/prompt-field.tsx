import { PROMPT_MAX_LENGTH } from '../../../../electron/shared/constants';
import { setPrompt, useComposerStore } from '../../stores/composer-store';
import { useComposeMode, type ComposeMode } from '../references/references-store';
import { PROMPT_INPUT_ID } from './prompt-focus';
import { counterLevel, problemText, promptLength, promptProblem, type PromptProblem } from './prompt-rules';

interface PromptPartProps {
  /** The prompt's problem text, which also describes the Generate button; the counter's id derives from it. */
  problemId: string;
}

/** What to write, by mode; the field's name stays "Prompt" in every mode. */
const PLACEHOLDERS: Readonly<Record<ComposeMode, string>> = {
  create: 'Describe the image you want…',
  edit: 'Describe the edit…',
  remix: 'Describe how to combine the references…',
};

const counterIdOf = (problemId: string) => `${problemId}-counter`;
const isBlocking = (problem: PromptProblem | null) => problem === 'too-long' || problem === 'control-characters';

/**
 * The prompt: one line that grows with its text up to about six, then scrolls (CSS field-sizing).
 * The label is for assistive tech; the placeholder says what to write.
 */
export function PromptField({ problemId }: PromptPartProps) {
  const prompt = useComposerStore((state) => state.prompt);
  const problem = promptProblem(prompt);
  const level = counterLevel(promptLength(prompt));
  const mode = useComposeMode();

  return (
    <div className="prompt-field">
      <label htmlFor={PROMPT_INPUT_ID} className="visually-hidden">
        Prompt
      </label>
      <textarea
        id={PROMPT_INPUT_ID}
        className="prompt-input"
        data-level={level}
        dir="auto"
        value={prompt}
        onChange={(event) => setPrompt(event.target.value)}
        rows={1}
        spellCheck
        placeholder={PLACEHOLDERS[mode]}
        aria-invalid={isBlocking(problem)}
        aria-describedby={`${counterIdOf(problemId)} ${problemId}`}
      />
    </div>
  );
}

/** Characters as the API counts them, against its limit. */
export function PromptCounter({ problemId }: PromptPartProps) {
  const prompt = useComposerStore((state) => state.prompt);
  const length = promptLength(prompt);
  const level = counterLevel(length);
  return (
    <span id={counterIdOf(problemId)} className="counter" data-level={level}>
      {length} / {PROMPT_MAX_LENGTH}
      {level === 'over' ? <span className="counter-over"> ({length - PROMPT_MAX_LENGTH} over)</span> : null}
    </span>
  );
}

/**
 * Why the prompt cannot be sent. Always mounted (a live region); an empty prompt's reason is only
 * read out (it describes the Generate button), a prompt that is too long or broken shows it too.
 */
export function PromptProblemNote({ problemId }: PromptPartProps) {
  const prompt = useComposerStore((state) => state.prompt);
  const problem = promptProblem(prompt);
  const shown = isBlocking(problem);
  return (
    <p id={problemId} className={shown ? 'composer-problem' : 'visually-hidden'} data-level={shown ? 'over' : 'ok'} aria-live="polite">
      {problem ? problemText(problem) : null}
    </p>
  );
}
