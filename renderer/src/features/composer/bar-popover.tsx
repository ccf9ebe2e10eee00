import './bar-popover.css';
import { X } from 'lucide-react';
import { Popover } from 'radix-ui';
import { useState, type ReactNode, type SyntheticEvent } from 'react';
import { Tip } from '../../components/tooltip';
import { focusPrompt } from './prompt-focus';

/** What a popover's content gets: a way to close it and hand focus to the prompt (after Use / Insert). */
export interface PopoverHandoff {
  closeToPrompt: () => void;
}

interface BarPopoverProps {
  /** The trigger's accessible name and tooltip, and the popover's name ("Prompt history"). */
  label: string;
  /** The trigger's visible text ("History"): part of the label, so voice control finds it too. */
  shortLabel: string;
  icon: ReactNode;
  /** A non-default setting behind the trigger ("Inline · WebP"), shown on the bar so it is never hidden. */
  badge?: string | null;
  className?: string;
  /** Ctrl/Cmd+Enter inside still generates (composer settings); off for panels that are not the composer. */
  generatesOnShortcut?: boolean;
  children: (handoff: PopoverHandoff) => ReactNode;
}

/*
 * The content is portalled out of the composer's <form> in the DOM, but React still bubbles its
 * events through the component tree: a template form's submit would reach the composer's onSubmit
 * and queue paid images. Submits never leave a popover, and keys only where the shortcut belongs.
 * (Radix listens for Escape on the document in the capture phase, before this.)
 */
const keepInside = (event: SyntheticEvent) => event.stopPropagation();

/**
 * A button on the prompt bar that opens a panel under it (radix Popover: Escape and outside clicks
 * close it, focus moves in on open and back to the button on close, or to the prompt after a hand-off).
 */
export function BarPopover({ label, shortLabel, icon, badge, className, generatesOnShortcut = false, children }: BarPopoverProps) {
  const [open, setOpen] = useState(false);
  // Set with the close itself, so the content's last render (whose close handler runs) already knows.
  const [focusPromptOnClose, setFocusPromptOnClose] = useState(false);

  // Focus coming back to the button when the popover closes would open its tip over the bar:
  // the tip stays shut until the pointer or focus has left the button once.
  const [tipOpen, setTipOpen] = useState(false);
  const [tipHeld, setTipHeld] = useState(false);

  const changeOpen = (next: boolean) => {
    setOpen(next);
    setFocusPromptOnClose(false);
    setTipOpen(false);
    if (!next) setTipHeld(true);
  };

  const closeToPrompt = () => {
    setOpen(false);
    setFocusPromptOnClose(true);
  };

  return (
    <Popover.Root open={open} onOpenChange={changeOpen}>
      {/* The tip names the button on hover and keyboard focus when a narrow bar hides its words; above it, off the controls. */}
      <Tip label={label} open={tipOpen} onOpenChange={(next) => setTipOpen(next && !open && !tipHeld)}>
        <Popover.Trigger asChild>
          <button
            type="button"
            className="button-bare bar-button"
            aria-label={badge ? `${label} (${badge})` : label}
            onBlur={() => setTipHeld(false)}
            onPointerLeave={() => setTipHeld(false)}
          >
            {icon}
            <span className="bar-button-text">{shortLabel}</span>
            {badge ? (
              <span className="bar-button-badge" aria-hidden="true">
                {badge}
              </span>
            ) : null}
          </button>
        </Popover.Trigger>
      </Tip>
      <Popover.Portal>
        <Popover.Content
          className={`popover-surface bar-popover ${className ?? ''}`.trim()}
          aria-label={label}
          align="start"
          sideOffset={6}
          collisionPadding={12}
          onSubmit={keepInside}
          onKeyDown={generatesOnShortcut ? undefined : keepInside}
          onCloseAutoFocus={(event) => {
            if (!focusPromptOnClose) return;
            setFocusPromptOnClose(false);
            event.preventDefault();
            focusPrompt();
          }}
        >
          {children({ closeToPrompt })}
          {/* Last in focus order (drawn top right), so opening focuses the first real control. */}
          <Tip label={`Close ${label.toLowerCase()}`}>
            <Popover.Close className="icon-button bar-popover-close" aria-label={`Close ${label.toLowerCase()}`}>
              <X aria-hidden="true" size={16} />
            </Popover.Close>
          </Tip>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
