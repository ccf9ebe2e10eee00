import { protocol } from 'electron';
import { MEDIA_SCHEME } from '../../shared/contract';
import { APP_SCHEME } from '../ipc/app-origin';
import { createAppHandler, createMediaHandler } from './handlers';
import type { Studio } from '../services/studio/types';

/**
 * Both schemes are standard (real origins, relative URLs resolve) and secure (no mixed-content
 * blocking). Neither bypasses CSP. Must run before app `ready`.
 */
export function registerPrivilegedSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    // corsEnabled + supportFetchAPI: Vite emits `<script type="module" crossorigin>`, a CORS-mode load.
    // codeCache: V8 keeps the bundle's compiled code between launches, as Chromium does for http(s)
    // only by default; a start then does not parse and compile the whole renderer bundle again.
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
    { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true } },
  ]);
}

/** app:// serves the UI bundle from `rendererRoot`; reverie-media:// serves library files by id. */
export function registerProtocols(rendererRoot: string, studio: Studio): void {
  protocol.handle(APP_SCHEME, createAppHandler(rendererRoot));
  protocol.handle(
    MEDIA_SCHEME,
    createMediaHandler((variant, id) => studio.resolveMedia(variant, id)),
  );
}
