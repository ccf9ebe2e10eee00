import { PROMPT_MAX_LENGTH } from '../../../../electron/shared/constants';
import { setPrompt, useComposerStore } from '../../stores/composer-store';
import { PROMPT_INPUT_ID } from './prompt-focus';
import { counterLevel, problemText, promptLength, promptProblem } from './prompt-rules';

interface PromptFieldProps {
  /** Shared with the Generate button, which is described by the same reason. */
  problemId: string;
}

export function PromptField({ problemId }: PromptFieldProps) {
  const prompt = useComposerStore((state) => state.prompt);
  const length = promptLength(prompt);
  const level = counterLevel(length);
  const problem = promptProblem(prompt);
  const counterId = `${problemId}-counter`;
  const over = length - PROMPT_MAX_LENGTH;

  return (
    <div className="field prompt-field">
      <div className="field-head">
        <label htmlFor={PROMPT_INPUT_ID} className="field-label">
          Prompt
        </label>
        <span id={counterId} className="counter" data-level={level}>
          {length} / {PROMPT_MAX_LENGTH}
          {level === 'over' ? <span className="counter-over"> ({over} over)</span> : null}
        </span>
      </div>
      <textarea
        id={PROMPT_INPUT_ID}
        className="prompt-input"
        data-level={level}
        value={prompt}
        onChange={(event) => setPrompt(event.target.value)}
        rows={6}
        spellCheck
        placeholder="A quiet harbour at dawn, mist over the water, 35mm film…"
        aria-invalid={problem === 'too-long' || problem === 'control-characters'}
        aria-describedby={`${counterId} ${problemId}`}
      />
      <p id={problemId} className="field-note" data-level={problem === 'too-long' || problem === 'control-characters' ? 'over' : 'ok'} aria-live="polite">
        {problem ? problemText(problem) : null}
      </p>
    </div>
  );
}
