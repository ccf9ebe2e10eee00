import './tooltip.css';
import { Tooltip } from 'radix-ui';
import type { ReactElement } from 'react';

/** How long the pointer rests on a control before its tip shows (focus shows it at once). */
export const TOOLTIP_DELAY_MS = 400;

interface TipProps {
  /** The words shown: the same as the control's accessible name, so sighted and screen reader users meet one name. */
  label: string;
  /** One focusable element (a button); it becomes the tip's trigger. */
  children: ReactElement;
  side?: 'top' | 'right' | 'bottom' | 'left';
  /** For a trigger that also opens something (a popover): the caller decides when the tip may show. */
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
}

/**
 * A small tip naming an icon-only control on hover and keyboard focus (radix Tooltip: Escape hides
 * it, it is portalled to <body>, positioned through the CSSOM, which the CSP allows). Needs the
 * one Tooltip.Provider at the app root (TooltipProvider below).
 */
export function Tip({ label, children, side = 'top', open, onOpenChange }: TipProps) {
  return (
    <Tooltip.Root open={open} onOpenChange={onOpenChange}>
      <Tooltip.Trigger asChild>{children}</Tooltip.Trigger>
      <Tooltip.Portal>
        <Tooltip.Content className="tooltip" side={side} sideOffset={6} collisionPadding={8}>
          {label}
        </Tooltip.Content>
      </Tooltip.Portal>
    </Tooltip.Root>
  );
}

/** The one provider for every tip: moving from one tipped control to the next shows its tip without waiting again. */
export function TooltipProvider({ children }: { children: ReactElement | ReactElement[] }) {
  return <Tooltip.Provider delayDuration={TOOLTIP_DELAY_MS}>{children}</Tooltip.Provider>;
}
