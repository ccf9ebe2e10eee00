import { shell } from 'electron';
import { EXTERNAL_LINKS } from '../../shared/constants';
import type { LinkOpener } from '../services/ports';

const ALLOWED = new Set<string>(Object.values(EXTERNAL_LINKS));

/**
 * The system browser, for the named pages in EXTERNAL_LINKS only. The renderer never supplies a
 * URL; this check is the second lock, should a future caller pass one through.
 */
export function createElectronLinkOpener(): LinkOpener {
  return {
    async open(url) {
      if (!ALLOWED.has(url) || !url.startsWith('https://')) throw new Error(`Refusing to open ${url}: not an allow-listed page.`);
      await shell.openExternal(url, { activate: true });
    },
  };
}
