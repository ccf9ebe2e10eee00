import { describe, expect, it } from 'vitest';
import { APP_INDEX_URL, APP_ORIGIN, originOf, trustedOrigins } from '../../electron/main/ipc/app-origin';
import { isTrustedSender, type SenderFacts } from '../../electron/main/ipc/sender-check';

const PROD = trustedOrigins(undefined);
const DEV = trustedOrigins('http://localhost:5173/');
const app = (overrides: Partial<SenderFacts> = {}): SenderFacts => ({
  frameUrl: APP_INDEX_URL,
  isMainFrame: true,
  fromAppWindow: true,
  ...overrides,
});

describe('originOf', () => {
  it('spells out origins of custom schemes (URL.origin says "null" for them)', () => {
    expect(new URL(APP_INDEX_URL).origin).toBe('null');
    expect(originOf(APP_INDEX_URL)).toBe(APP_ORIGIN);
    expect(originOf('http://localhost:5173/src/main.tsx')).toBe('http://localhost:5173');
  });

  it('refuses URLs with credentials or without a host', () => {
    expect(originOf('app://evil@reverie/index.html')).toBeNull();
    expect(originOf('app://a:b@reverie/')).toBeNull();
    expect(originOf('file:///index.html')).toBeNull();
    expect(originOf('about:blank')).toBeNull();
    expect(originOf('not a url')).toBeNull();
  });
});

describe('trustedOrigins', () => {
  it('is the app origin alone unless a dev server is given', () => {
    expect(PROD).toEqual(['app://reverie']);
    expect(DEV).toEqual(['app://reverie', 'http://localhost:5173']);
    expect(trustedOrigins('garbage')).toEqual(['app://reverie']);
  });
});

describe('isTrustedSender', () => {
  it('accepts the main frame of the app window on the app origin', () => {
    expect(isTrustedSender(app(), PROD)).toBe(true);
    expect(isTrustedSender(app({ frameUrl: 'app://reverie/' }), PROD)).toBe(true);
    expect(isTrustedSender(app({ frameUrl: 'app://reverie/index.html#/library' }), PROD)).toBe(true);
  });

  it('accepts the dev server only when it is configured', () => {
    const dev = app({ frameUrl: 'http://localhost:5173/' });
    expect(isTrustedSender(dev, DEV)).toBe(true);
    expect(isTrustedSender(dev, PROD)).toBe(false);
    expect(isTrustedSender(app({ frameUrl: 'http://localhost:5174/' }), DEV)).toBe(false);
  });

  it('refuses a frame Electron no longer knows', () => {
    expect(isTrustedSender(app({ frameUrl: null }), PROD)).toBe(false);
  });

  it('refuses subframes, even on the app origin', () => {
    expect(isTrustedSender(app({ isMainFrame: false }), PROD)).toBe(false);
  });

  it('refuses other webContents, even on the app origin', () => {
    expect(isTrustedSender(app({ fromAppWindow: false }), PROD)).toBe(false);
  });

  it.each([
    'https://example.com/',
    'http://reverie/',
    'app://reverie.evil.com/index.html',
    'app://evil/index.html',
    'app://evil@reverie/index.html',
    'app://reverie:1234/index.html',
    'reverie-media://library/thumb/x',
    'file:///work/main/out/renderer/index.html',
    'about:blank',
    'data:text/html,<script>1</script>',
    'devtools://devtools/bundled/inspector.html',
    '',
  ])('refuses a page on %j', (frameUrl) => {
    expect(isTrustedSender(app({ frameUrl }), PROD)).toBe(false);
  });
});
