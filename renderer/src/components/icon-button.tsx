import type { ComponentPropsWithoutRef, ReactNode } from 'react';
import { Tip } from './tooltip';

interface IconButtonProps extends Omit<ComponentPropsWithoutRef<'button'>, 'aria-label' | 'title' | 'children'> {
  /** The accessible name, also shown as the tooltip. */
  label: string;
  /** A lucide icon (decorative: the label names the button). */
  icon: ReactNode;
}

/** An icon-only button: named for assistive tech, with the same words as its tooltip. */
export function IconButton({ label, icon, className, type = 'button', ...rest }: IconButtonProps) {
  return (
    <Tip label={label}>
      <button {...rest} type={type} className={`icon-button ${className ?? ''}`.trim()} aria-label={label}>
        {icon}
      </button>
    </Tip>
  );
}
