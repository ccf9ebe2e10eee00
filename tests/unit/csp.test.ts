import { describe, expect, it } from 'vitest';
import { DEVELOPMENT_CSP, PRODUCTION_CSP } from '../../electron/main/protocol/csp';

const directives = (policy: string) => Object.fromEntries(policy.split('; ').map((directive) => [directive.split(' ')[0], directive.split(' ').slice(1)]));

describe('Content-Security-Policy', () => {
  it('ships the strict policy', () => {
    expect(PRODUCTION_CSP).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' reverie-media: data: blob:; " +
        "font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; object-src 'none'",
    );
    expect(PRODUCTION_CSP).not.toMatch(/unsafe|\*/);
  });

  it('relaxes only what Vite’s dev server needs, and never allows eval', () => {
    const production = directives(PRODUCTION_CSP);
    const development = directives(DEVELOPMENT_CSP);
    const changed = Object.keys(development).filter((name) => development[name]!.join(' ') !== production[name]?.join(' '));
    expect(changed.sort()).toEqual(['connect-src', 'script-src', 'style-src']);
    expect(DEVELOPMENT_CSP).not.toContain('unsafe-eval');
    expect(
      development['connect-src']!.every((source: string) =>
        /^('self'|wss?:\/\/(localhost|127\.0\.0\.1):\*|https?:\/\/(localhost|127\.0\.0\.1):\*)$/.test(source),
      ),
    ).toBe(true);
  });
});
