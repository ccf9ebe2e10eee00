import { Bookmark } from 'lucide-react';
import { BarPopover } from '../composer/bar-popover';
import { SavedPrompts } from './saved-prompts';

/** Saved prompts (templates), opened from the prompt bar; using one closes it and returns to the prompt. */
export function SavedPromptsPopover() {
  return (
    <BarPopover label="Saved prompts" shortLabel="Saved" icon={<Bookmark aria-hidden="true" size={16} />} className="prompt-list-popover">
      {({ closeToPrompt }) => <SavedPrompts onPromptLoaded={closeToPrompt} />}
    </BarPopover>
  );
}
