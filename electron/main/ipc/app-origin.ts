/**
 * Where the UI lives. A privileged standard scheme gives the renderer a real origin (unlike
 * file://, where every local file shares one), so CSP 'self' and the IPC sender check mean
 * "Reverie's own bundle" and nothing else.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'reverie';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/**
 * `scheme://host[:port]` of a URL, or null when it cannot be trusted as an origin. Written out
 * because WHATWG `URL.origin` is "null" for custom schemes such as app://. Credentials in the URL
 * are refused: `app://evil@reverie/` must not pass for the app.
 */
export function originOf(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.username || url.password || !url.host) return null;
  return `${url.protocol}//${url.host}`;
}

/** The origins whose pages may talk to main: the app itself, plus the dev server while developing. */
export function trustedOrigins(devServerUrl: string | undefined): readonly string[] {
  const dev = devServerUrl ? originOf(devServerUrl) : null;
  return dev ? [APP_ORIGIN, dev] : [APP_ORIGIN];
}

export const isTrustedUrl = (value: string, origins: readonly string[]): boolean => {
  const origin = originOf(value);
  return origin !== null && origins.includes(origin);
};
