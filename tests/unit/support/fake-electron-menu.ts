/**
 * Electron's Menu as Reverie uses it (buildFromTemplate, setApplicationMenu), refusing what
 * Electron 45 refuses: lib/browser/api/menu.ts and menu-item.ts in electron/electron. Roles' own
 * labels, shortcuts and actions are Electron's and not imitated; a test can check every role is one
 * Electron knows (ELECTRON_ROLES) and every accelerator follows the documented grammar.
 */

/**
 * The roles of docs/api/menu-item.md, lower-cased as MenuItem stores them. Electron does not refuse
 * any other string: it makes an item with no label and no action, so tests check against this list.
 */
export const ELECTRON_ROLES: ReadonlySet<string> = new Set(
  [
    'undo',
    'redo',
    'cut',
    'copy',
    'paste',
    'pasteAndMatchStyle',
    'delete',
    'selectAll',
    'reload',
    'forceReload',
    'toggleDevTools',
    'resetZoom',
    'zoomIn',
    'zoomOut',
    'toggleSpellChecker',
    'togglefullscreen',
    'window',
    'minimize',
    'close',
    'help',
    'about',
    'services',
    'hide',
    'hideOthers',
    'unhide',
    'quit',
    'showSubstitutions',
    'toggleSmartQuotes',
    'toggleSmartDashes',
    'toggleTextReplacement',
    'startSpeaking',
    'stopSpeaking',
    'zoom',
    'front',
    'appMenu',
    'fileMenu',
    'editMenu',
    'viewMenu',
    'shareMenu',
    'recentDocuments',
    'toggleTabBar',
    'selectNextTab',
    'selectPreviousTab',
    'showAllTabs',
    'mergeAllWindows',
    'clearRecentDocuments',
    'moveTabToNewWindow',
    'windowMenu',
  ].map((role) => role.toLowerCase()),
);

const MODIFIERS = new Set(['command', 'cmd', 'control', 'ctrl', 'commandorcontrol', 'cmdorctrl', 'alt', 'option', 'altgr', 'shift', 'super', 'meta']);
const NAMED_KEYS = new Set(
  [
    'Plus',
    'Space',
    'Tab',
    'Capslock',
    'Numlock',
    'Scrolllock',
    'Backspace',
    'Delete',
    'Insert',
    'Return',
    'Enter',
    'Up',
    'Down',
    'Left',
    'Right',
    'Home',
    'End',
    'PageUp',
    'PageDown',
    'Escape',
    'Esc',
    'VolumeUp',
    'VolumeDown',
    'VolumeMute',
    'MediaNextTrack',
    'MediaPreviousTrack',
    'MediaStop',
    'MediaPlayPause',
    'PrintScreen',
    'numdec',
    'numadd',
    'numsub',
    'nummult',
    'numdiv',
  ].map((key) => key.toLowerCase()),
);
const PUNCTUATION = new Set([...')!@#$%^&*(:;+=<,_->.?/~`{][|\\}"']);

/**
 * Whether `accelerator` follows docs/tutorial/keyboard-shortcuts.md: modifiers and one key code
 * joined by `+` (case-insensitive). Electron's parser would ignore a shortcut it cannot read.
 */
export function isDocumentedAccelerator(accelerator: string): boolean {
  // "+" is itself a key code, so "CmdOrCtrl++" ends in an empty part followed by the key.
  const parts = accelerator.endsWith('++') ? [...accelerator.slice(0, -2).split('+'), '+'] : accelerator.split('+');
  const key = parts.pop() ?? '';
  if (!parts.every((part) => MODIFIERS.has(part.toLowerCase()))) return false;
  const lower = key.toLowerCase();
  return /^[0-9a-z]$/.test(lower) || /^f([1-9]|1[0-9]|2[0-4])$/.test(lower) || /^num[0-9]$/.test(lower) || NAMED_KEYS.has(lower) || PUNCTUATION.has(key);
}

export interface FakeMenuItem {
  type: string;
  role?: string;
  label?: string;
  accelerator?: string;
  click?: () => void;
  submenu: FakeMenu | null;
}

export class FakeMenu {
  constructor(readonly items: FakeMenuItem[]) {}
}

type Template = Record<string, unknown>;

/** menu.ts, removeExtraSeparators: adjacent separators fold into one, and none stays at either end. */
function withoutExtraSeparators(items: Template[]): Template[] {
  const folded = items.filter((item, index) => item.type !== 'separator' || index === 0 || items[index - 1]!.type !== 'separator');
  return folded.filter((item, index) => item.type !== 'separator' || (index !== 0 && index !== folded.length - 1));
}

function buildFromTemplate(template: unknown): FakeMenu {
  // menu.ts, Menu.buildFromTemplate.
  if (!Array.isArray(template)) throw new TypeError('Invalid template for Menu: Menu template must be an array');
  const valid = template.every(
    (item: unknown) =>
      item !== null && typeof item === 'object' && (Object.hasOwn(item, 'label') || Object.hasOwn(item, 'role') || (item as Template).type === 'separator'),
  );
  if (!valid) throw new TypeError('Invalid template for MenuItem: must have at least one of label, role or type');
  return new FakeMenu(withoutExtraSeparators(template as Template[]).map(menuItem));
}

/** menu-item.ts, the MenuItem constructor. */
function menuItem(options: Template): FakeMenuItem {
  // A submenu given as a template goes through buildFromTemplate, with the same checks.
  const submenu =
    options.submenu === undefined || options.submenu === null
      ? null
      : options.submenu instanceof FakeMenu
        ? options.submenu
        : buildFromTemplate(options.submenu);
  const type = typeof options.type === 'string' ? options.type : submenu !== null ? 'submenu' : 'normal';
  if (type === 'submenu' && submenu === null) throw new Error('Invalid submenu');
  return {
    type,
    // Roles are stored lower-cased; a role makes Electron ignore `click`.
    ...(typeof options.role === 'string' ? { role: options.role.toLowerCase() } : {}),
    ...(typeof options.label === 'string' ? { label: options.label } : {}),
    ...(typeof options.accelerator === 'string' ? { accelerator: options.accelerator } : {}),
    ...(typeof options.click === 'function' && typeof options.role !== 'string' ? { click: options.click as () => void } : {}),
    submenu,
  };
}

export function createFakeMenu(log: string[]) {
  const state: { applicationMenu: FakeMenu | null } = { applicationMenu: null };
  const Menu = {
    buildFromTemplate,
    setApplicationMenu(menu: unknown) {
      // menu.ts, Menu.setApplicationMenu: a Menu, or null to remove it.
      if (menu !== null && !(menu instanceof FakeMenu)) throw new TypeError('Invalid menu');
      state.applicationMenu = menu;
      log.push('Menu.setApplicationMenu');
    },
    getApplicationMenu: () => state.applicationMenu,
  };
  return { Menu, state };
}

/** Every item of a menu and its submenus, depth first. */
export function menuItems(menu: FakeMenu): FakeMenuItem[] {
  return menu.items.flatMap((item) => [item, ...(item.submenu ? menuItems(item.submenu) : [])]);
}
