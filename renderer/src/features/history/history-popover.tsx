import { History } from 'lucide-react';
import { BarPopover } from '../composer/bar-popover';
import { PromptHistory } from './prompt-history';

/** Prompt history, opened from the prompt bar; Use closes it and returns to the prompt. */
export function HistoryPopover() {
  return (
    <BarPopover label="Prompt history" shortLabel="History" icon={<History aria-hidden="true" size={16} />} className="prompt-list-popover">
      {({ closeToPrompt }) => <PromptHistory onPromptLoaded={closeToPrompt} />}
    </BarPopover>
  );
}
