import { session } from 'electron';
import { createProxyAwareTransport, type DownloadTransport } from '../services/api/download-transport';
import { createPinnedTransport } from '../services/api/pinned-transport';
import { createElectronFetch } from './electron-fetch';

/**
 * Image downloads in the app. Electron's net cannot be told which address to connect to, so a
 * direct download goes through Node's https, connected to the address that was checked (no DNS
 * rebinding between check and connection), trusting the OS certificate store as Chromium does.
 * When the system routes the link through a proxy (`session.resolveProxy`: system settings, PAC,
 * WPAD), the proxy resolves the name, so the download goes through net after a best-effort check
 * (see createProxyAwareTransport for what that check can and cannot promise). Must be built after
 * `ready`, like the rest of the studio.
 */
export function createElectronDownloadTransport(): DownloadTransport {
  return createProxyAwareTransport({
    proxyFor: (url) => session.defaultSession.resolveProxy(url),
    direct: createPinnedTransport(),
    viaProxy: createElectronFetch(),
  });
}
