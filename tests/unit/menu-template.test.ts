import { describe, expect, it } from 'vitest';
import { applicationMenuTemplate } from '../../electron/main/menu-template';
import { EXTERNAL_LINKS, type ExternalLinkName, type MenuCommand } from '../../electron/shared/constants';
import { createFakeMenu, ELECTRON_ROLES, isDocumentedAccelerator, menuItems, type FakeMenu } from './support/fake-electron-menu';

/** The application menu's template, built per platform the way Electron's Menu builds it. */

const PLATFORMS = ['darwin', 'win32', 'linux'] as const;
const EDIT_ROLES = ['undo', 'redo', 'cut', 'copy', 'paste', 'pasteandmatchstyle', 'delete', 'selectall'];
const DEVELOPER_ROLES = ['reload', 'forcereload', 'toggledevtools'];

function build(platform: NodeJS.Platform, isPackaged: boolean) {
  const commands: MenuCommand[] = [];
  const links: ExternalLinkName[] = [];
  const template = applicationMenuTemplate({
    platform,
    isPackaged,
    appName: 'Reverie',
    command: (command) => commands.push(command),
    openLink: (link) => links.push(link),
  });
  const menu = createFakeMenu([]).Menu.buildFromTemplate(template);
  return { menu, commands, links };
}

const top = (menu: FakeMenu, label: string) => menu.items.find((item) => item.label === label)?.submenu ?? null;
const rolesIn = (menu: FakeMenu | null) => (menu ? menuItems(menu).flatMap((item) => (item.role ? [item.role] : [])) : []);
const item = (menu: FakeMenu, label: string) => {
  const found = menuItems(menu).find((entry) => entry.label === label);
  if (!found) throw new Error(`no "${label}" in the menu`);
  return found;
};

describe.each(PLATFORMS)('application menu on %s', (platform) => {
  it.each([true, false])('is a menu Electron builds, with known roles and readable shortcuts (packaged: %s)', (isPackaged) => {
    const { menu } = build(platform, isPackaged);
    const items = menuItems(menu);
    for (const role of rolesIn(menu)) expect(ELECTRON_ROLES.has(role), role).toBe(true);
    const accelerators = items.flatMap((entry) => (entry.accelerator ? [entry.accelerator] : []));
    for (const accelerator of accelerators) expect(isDocumentedAccelerator(accelerator), accelerator).toBe(true);
    // Settings… appears once per platform, so each shortcut is bound once.
    expect(new Set(accelerators).size).toBe(accelerators.length);
  });

  it('keeps the Edit roles, so copy, paste, cut and select all work in text fields', () => {
    expect(rolesIn(top(build(platform, true).menu, 'Edit'))).toEqual(EDIT_ROLES);
  });

  it('has no Reload or developer tools in the packaged app, and has them while developing', () => {
    const packaged = rolesIn(build(platform, true).menu);
    for (const role of DEVELOPER_ROLES) expect(packaged).not.toContain(role);
    expect(rolesIn(top(build(platform, false).menu, 'View'))).toEqual(expect.arrayContaining(DEVELOPER_ROLES));
  });

  it('sends Reverie’s own commands to the page, with a shortcut for Settings…, Import Images… and Export… but none for Generate', () => {
    const { menu, commands } = build(platform, true);
    const expected: Array<[label: string, accelerator: string | undefined]> = [
      ['Settings…', 'CommandOrControl+,'],
      // Ctrl/Cmd+Enter already sends from the prompt box; a second binding could send twice.
      ['Generate', undefined],
      ['Export…', 'CommandOrControl+Shift+E'],
      ['Import Images…', 'CommandOrControl+I'],
      ['Back Up Library…', undefined],
    ];
    for (const [label, accelerator] of expected) {
      const entry = item(menu, label);
      expect(entry.accelerator, label).toBe(accelerator);
      entry.click!();
    }
    expect(commands).toEqual(['open-settings', 'generate', 'export', 'import', 'backup']);
    for (const entry of menuItems(menu)) expect(entry.accelerator ?? '', entry.label).not.toMatch(/\+(enter|return)$/i);
  });

  it('opens the help pages by name only, each one of EXTERNAL_LINKS', () => {
    const { menu, links } = build(platform, true);
    const help = top(menu, 'Help')!;
    expect(menu.items.find((entry) => entry.label === 'Help')?.role).toBe('help');
    for (const entry of help.items) entry.click?.();
    expect(links).toEqual(['keys', 'billing', 'docs']);
    for (const link of links) expect(Object.keys(EXTERNAL_LINKS)).toContain(link);
  });

  it('has the Window roles', () => {
    expect(rolesIn(top(build(platform, true).menu, 'Window'))).toEqual(platform === 'darwin' ? ['minimize', 'zoom', 'front'] : ['minimize', 'close']);
  });
});

describe('platform conventions', () => {
  it('macOS: the app menu (About, Settings…, Services, Hide, Quit); File closes the window', () => {
    const { menu } = build('darwin', true);
    expect(menu.items.map((entry) => entry.label)).toEqual(['Reverie', 'File', 'Edit', 'View', 'Window', 'Help']);
    expect(rolesIn(top(menu, 'Reverie'))).toEqual(['about', 'services', 'hide', 'hideothers', 'unhide', 'quit']);
    expect(top(menu, 'Reverie')!.items.map((entry) => entry.label ?? entry.role ?? entry.type)).toContain('Settings…');
    expect(rolesIn(top(menu, 'File'))).toEqual(['close']);
  });

  it.each(['win32', 'linux'] as const)('%s: no app menu; File holds Settings… and Quit; Help holds About', (platform) => {
    const { menu } = build(platform, true);
    expect(menu.items.map((entry) => entry.label)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
    expect(rolesIn(top(menu, 'File'))).toEqual(['quit']);
    expect(top(menu, 'File')!.items.map((entry) => entry.label)).toContain('Settings…');
    expect(rolesIn(top(menu, 'Help'))).toEqual(['about']);
  });
});

describe('the fake Menu refuses what Electron refuses', () => {
  const { Menu } = createFakeMenu([]);

  it('a template that is not an array, an item with no label, role or type, a submenu type without a submenu', () => {
    expect(() => Menu.buildFromTemplate({})).toThrow('Menu template must be an array');
    expect(() => Menu.buildFromTemplate([{ accelerator: 'CmdOrCtrl+K' }])).toThrow('must have at least one of label, role or type');
    expect(() => Menu.buildFromTemplate([{ label: 'File', submenu: [{ click: () => undefined }] }])).toThrow('must have at least one of label, role or type');
    expect(() => Menu.buildFromTemplate([{ label: 'File', type: 'submenu' }])).toThrow('Invalid submenu');
    expect(() => Menu.setApplicationMenu([{ label: 'File' }])).toThrow('Invalid menu');
  });

  it('reads shortcuts as the keyboard-shortcuts doc writes them', () => {
    for (const good of ['CommandOrControl+,', 'CmdOrCtrl+Shift+E', 'Alt+F4', 'Ctrl++', 'F11', 'Shift+CommandOrControl+Z'])
      expect(isDocumentedAccelerator(good), good).toBe(true);
    for (const bad of ['Cmd+', 'Hyper+K', 'CmdOrCtrl+Shift', 'Ctrl+F25', 'Ctrl+KK']) expect(isDocumentedAccelerator(bad), bad).toBe(false);
  });
});
