import { app, Menu } from 'electron';
import type { ExternalLinkName } from '../shared/constants';
import type { Emit } from '../shared/contract';
import { applicationMenuTemplate } from './menu-template';

export interface ApplicationMenuOptions {
  /** Main → renderer events; the menu's own commands travel as `menu:command`. */
  emit: Emit;
  /** Opens one of the named help pages (the studio's allow-listed `shell:open-link`). */
  openLink: (link: ExternalLinkName) => void;
}

/** Installs Reverie's application menu in place of Electron's default one. Call after `ready`. */
export function installApplicationMenu(options: ApplicationMenuOptions): void {
  const template = applicationMenuTemplate({
    platform: process.platform,
    isPackaged: app.isPackaged,
    appName: app.name,
    command: (command) => options.emit('menu:command', { command }),
    openLink: options.openLink,
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
