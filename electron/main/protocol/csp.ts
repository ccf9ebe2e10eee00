/**
 * The renderer's Content-Security-Policy, in one place: the build injects it as a <meta> tag into
 * index.html and the app:// protocol sends it as a response header, so the two cannot drift.
 * No Electron import: the Vite config and unit tests load this file under plain Node.
 */

type Directives = Readonly<Record<string, readonly string[]>>;

/** Everything comes from the app bundle; images also from the media scheme and data/blob URLs. */
const PRODUCTION: Directives = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'reverie-media:', 'data:', 'blob:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'object-src': ["'none'"],
};

/**
 * Only for `electron-vite dev`: the React refresh preamble is an inline script, Vite injects CSS as
 * inline <style> tags, and HMR talks over a websocket to the dev server. Never shipped.
 */
const DEVELOPMENT: Directives = {
  ...PRODUCTION,
  'script-src': ["'self'", "'unsafe-inline'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'connect-src': ["'self'", 'ws://localhost:*', 'ws://127.0.0.1:*', 'http://localhost:*', 'http://127.0.0.1:*'],
};

const serialize = (directives: Directives): string =>
  Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');

export const PRODUCTION_CSP = serialize(PRODUCTION);
export const DEVELOPMENT_CSP = serialize(DEVELOPMENT);
