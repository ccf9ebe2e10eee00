import './tile-menu.css';
import { ContextMenu } from 'radix-ui';
import type { FocusEvent, ReactNode } from 'react';
import type { LibraryItem } from '../../../../electron/shared/domain';
import { tileProblem } from '../library/library-tile-problem';

export type TileAction = 'copy-image' | 'copy-prompt' | 'copy-both' | 'use-as-reference' | 'export' | 'open';

interface Entry {
  action: TileAction;
  label: string;
  disabled: boolean;
  shortcut?: string;
}

/** The same actions in the same order in both menus: the right-click one and the tile's "More actions" button. */
export function tileMenuEntries(item: LibraryItem): Entry[] {
  const noImage = tileProblem(item) !== null;
  const noPrompt = item.prompt.trim() === '';
  return [
    { action: 'copy-image', label: 'Copy image', disabled: noImage, shortcut: 'Control+C' },
    { action: 'copy-prompt', label: 'Copy prompt', disabled: noPrompt, shortcut: 'Control+Shift+C' },
    { action: 'copy-both', label: 'Copy both', disabled: noImage || noPrompt },
    { action: 'use-as-reference', label: 'Use as reference', disabled: noImage },
    { action: 'export', label: 'Export…', disabled: false },
    { action: 'open', label: 'Open', disabled: false },
  ];
}

/**
 * A right-click opens the menu with its first choice focused, as a keyboard does (Radix focuses
 * the menu itself when a pointer opened it; arrows would then start from nowhere visible).
 */
function focusFirstItem(event: FocusEvent<HTMLDivElement>) {
  if (event.target !== event.currentTarget) return;
  event.currentTarget.querySelector<HTMLElement>('[role="menuitem"]:not([data-disabled])')?.focus();
}

interface GridMenuProps {
  /** The tile the menu was opened on; null while closed. */
  item: LibraryItem | null;
  onAction: (action: TileAction) => void;
  /** Where focus goes when the menu closes (the tile), and what then runs. */
  onCloseAutoFocus: (event: Event) => void;
  /** The grid: right-click on a tile (or Shift+F10 and the Menu key, which the grid turns into a contextmenu event) opens it. */
  children: ReactNode;
}

/**
 * The grid's context menu: one Radix ContextMenu around the whole grid, its content for the tile
 * the event came from (a menu per tile would mount hundreds of roots while scrolling).
 */
export function TileContextMenu({ item, onAction, onCloseAutoFocus, children }: GridMenuProps) {
  return (
    <ContextMenu.Root>
      <ContextMenu.Trigger asChild>{children}</ContextMenu.Trigger>
      <ContextMenu.Portal>
        {item ? (
          <ContextMenu.Content className="tile-menu" aria-label="Image actions" loop onFocus={focusFirstItem} onCloseAutoFocus={onCloseAutoFocus}>
            {tileMenuEntries(item).map((entry) => (
              <ContextMenu.Item
                key={entry.action}
                className="tile-menu-item"
                disabled={entry.disabled}
                aria-keyshortcuts={entry.shortcut}
                onSelect={() => onAction(entry.action)}
              >
                {entry.label}
              </ContextMenu.Item>
            ))}
          </ContextMenu.Content>
        ) : null}
      </ContextMenu.Portal>
    </ContextMenu.Root>
  );
}

interface MoreButtonProps {
  /** The grid's roving tab stop: only the focused tile's buttons are in the tab order. */
  tabbable: boolean;
  describedBy: string;
}

/**
 * The tile's "More actions" button: the context menu's actions for pointer users who do not
 * right-click. It opens the grid's one menu (TileContextMenu) at the button, as a right-click on
 * the tile would: a Radix menu per tile would mount a menu root, trigger and portal for every
 * tile scrolled into view, most of a tile's cost. The grid marks the button expanded while the
 * menu is open and returns focus to it when the menu closes without an action.
 */
export function TileMoreButton({ tabbable, describedBy }: MoreButtonProps) {
  return (
    <button
      type="button"
      className="tile-button tile-more"
      aria-label="More actions"
      aria-haspopup="menu"
      aria-describedby={describedBy}
      title="More actions"
      tabIndex={tabbable ? 0 : -1}
      onClick={(event) => {
        const rect = event.currentTarget.getBoundingClientRect();
        event.currentTarget.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, cancelable: true, clientX: rect.left, clientY: rect.bottom + 4 }));
      }}
    />
  );
}
