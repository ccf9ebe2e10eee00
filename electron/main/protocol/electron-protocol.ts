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
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
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
