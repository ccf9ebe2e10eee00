import type { MenuItemConstructorOptions } from 'electron';
import type { ExternalLinkName, MenuCommand } from '../shared/constants';

export interface MenuTemplateOptions {
  platform: NodeJS.Platform;
  /** A packaged build carries no Reload and no developer tools. */
  isPackaged: boolean;
  /** The macOS application menu is titled with it. */
  appName: string;
  /** Reverie's own commands: main passes them to the page (the `menu:command` event). */
  command: (command: MenuCommand) => void;
  /** Help pages: names from EXTERNAL_LINKS only, opened by the allow-listed link opener. */
  openLink: (link: ExternalLinkName) => void;
}

type Item = MenuItemConstructorOptions;
const separator: Item = { type: 'separator' };

/**
 * Reverie's application menu, replacing Electron's default one (which would carry Reload and
 * Toggle Developer Tools into the shipped app). Standard items are Electron roles
 * (docs/api/menu-item.md), so they behave natively on each platform: the Edit roles are what make
 * Cmd+C, V, X and A work in text fields on macOS. A plain function of its options, so it is tested
 * without Electron; menu.ts builds and installs it.
 */
export function applicationMenuTemplate(options: MenuTemplateOptions): Item[] {
  const mac = options.platform === 'darwin';
  const run = (command: MenuCommand) => () => options.command(command);
  const open = (link: ExternalLinkName) => () => options.openLink(link);

  const settings: Item = { label: 'Settings…', accelerator: 'CommandOrControl+,', click: run('open-settings') };

  const appMenu: Item = {
    label: options.appName,
    submenu: [
      { role: 'about' },
      separator,
      settings,
      separator,
      { role: 'services' },
      separator,
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      separator,
      { role: 'quit' },
    ],
  };

  const file: Item = {
    label: 'File',
    submenu: [
      // No shortcut: Ctrl/Cmd+Enter already sends from the prompt box, and a menu accelerator on the
      // same keys could send a second, paid request.
      { label: 'Generate', click: run('generate') },
      separator,
      // Main shows the open dialog (library:import-picked): a page cannot open its file chooser
      // without a click of its own, and a menu's click is not one.
      { label: 'Import Images…', accelerator: 'CommandOrControl+I', click: run('import') },
      { label: 'Export…', accelerator: 'CommandOrControl+Shift+E', click: run('export') },
      separator,
      { label: 'Back Up Library…', click: run('backup') },
      separator,
      ...(mac ? [{ role: 'close' } satisfies Item] : [settings, separator, { role: 'quit' } satisfies Item]),
    ],
  };

  const edit: Item = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'pasteAndMatchStyle' },
      { role: 'delete' },
      separator,
      { role: 'selectAll' },
    ],
  };

  const developer: Item[] = options.isPackaged ? [] : [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, separator];
  const view: Item = {
    label: 'View',
    submenu: [...developer, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, separator, { role: 'togglefullscreen' }],
  };

  const window: Item = {
    label: 'Window',
    role: 'window',
    submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }],
  };

  const help: Item = {
    label: 'Help',
    role: 'help',
    submenu: [
      { label: 'Get an API Key', click: open('keys') },
      { label: 'Billing and Credits', click: open('billing') },
      { label: 'Model Documentation', click: open('docs') },
      ...(mac ? [] : [separator, { role: 'about' } satisfies Item]),
    ],
  };

  return [...(mac ? [appMenu] : []), file, edit, view, window, help];
}
