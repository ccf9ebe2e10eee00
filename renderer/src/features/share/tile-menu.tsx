import './tile-menu.css';
import { useEffect, useLayoutEffect, useRef, type KeyboardEvent } from 'react';
import type { LibraryItem } from '../../../../electron/shared/domain';
import { tileProblem } from '../library/library-tile';

export type TileAction = 'copy-image' | 'copy-prompt' | 'copy-both' | 'export' | 'open';

interface TileMenuProps {
  item: LibraryItem;
  /** Where it opens, in viewport px (the pointer, or the tile's corner for the keyboard). */
  x: number;
  y: number;
  onAction: (action: TileAction) => void;
  /** Closed without an action (Escape, Tab, a click elsewhere). */
  onDismiss: (returnFocus: boolean) => void;
}

/**
 * A tile's context menu (right-click, Shift+F10, the Menu key). Its position reaches CSS as custom
 * properties set through the CSSOM: no style attributes.
 */
export function TileMenu({ item, x, y, onAction, onDismiss }: TileMenuProps) {
  const ref = useRef<HTMLDivElement>(null);
  const noImage = tileProblem(item) !== null;
  const noPrompt = item.prompt.trim() === '';
  const entries: Array<{ action: TileAction; label: string; disabled: boolean; shortcut?: string }> = [
    { action: 'copy-image', label: 'Copy image', disabled: noImage, shortcut: 'Control+C' },
    { action: 'copy-prompt', label: 'Copy prompt', disabled: noPrompt, shortcut: 'Control+Shift+C' },
    { action: 'copy-both', label: 'Copy both', disabled: noImage || noPrompt },
    { action: 'export', label: 'Export…', disabled: false },
    { action: 'open', label: 'Open', disabled: false },
  ];

  useLayoutEffect(() => {
    const menu = ref.current;
    if (!menu) return;
    menu.style.setProperty('--menu-x', `${Math.max(0, Math.min(x, window.innerWidth - 200))}px`);
    menu.style.setProperty('--menu-y', `${Math.max(0, Math.min(y, window.innerHeight - 220))}px`);
    menu.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [x, y]);

  useEffect(() => {
    const onPointerDown = (event: PointerEvent) => {
      if (event.target instanceof Node && ref.current?.contains(event.target)) return;
      onDismiss(false);
    };
    document.addEventListener('pointerdown', onPointerDown, true);
    return () => document.removeEventListener('pointerdown', onPointerDown, true);
  }, [onDismiss]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const items = [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const move = (index: number) => items[(index + items.length) % items.length]?.focus();
    if (event.key === 'ArrowDown') move(at + 1);
    else if (event.key === 'ArrowUp') move(at - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(items.length - 1);
    else if (event.key === 'Escape') onDismiss(true);
    else if (event.key === 'Tab') onDismiss(true);
    else return;
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <div ref={ref} role="menu" aria-label="Image actions" className="tile-menu" onKeyDown={onKeyDown}>
      {entries.map((entry) => (
        <button
          key={entry.action}
          type="button"
          role="menuitem"
          tabIndex={-1}
          className="tile-menu-item"
          aria-disabled={entry.disabled}
          aria-keyshortcuts={entry.shortcut}
          onClick={() => (entry.disabled ? undefined : onAction(entry.action))}
        >
          {entry.label}
        </button>
      ))}
    </div>
  );
}
