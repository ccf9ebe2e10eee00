import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Guards for the rules a CSP and the architecture impose on the renderer's source. */
const root = join(__dirname, '../../renderer');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

describe('renderer boundaries', () => {
  const html = readFileSync(join(root, 'index.html'), 'utf8');

  it('index.html has the root, the module entry and the title, and nothing the CSP would block', () => {
    expect(html).toContain('<div id="root"></div>');
    expect(html).toMatch(/<script type="module" src="\.\/src\/main\.tsx"><\/script>/);
    expect(html).toContain('<title>Reverie</title>');
    expect(html).not.toMatch(/Content-Security-Policy/i);
    expect(html).not.toMatch(/<style/i);
    expect(html).not.toMatch(/\sstyle=/i);
    // Every script is external.
    for (const match of html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/gi)) {
      expect(match[1]).toMatch(/\ssrc=/);
      expect(match[2]?.trim()).toBe('');
    }
  });

  it('only ipc.ts touches window.reverie, and nothing uses localStorage or raw HTML', () => {
    for (const file of sourceFiles(join(root, 'src'))) {
      const text = readFileSync(file, 'utf8');
      const name = relative(root, file);
      if (name !== join('src', 'ipc.ts')) expect(text, name).not.toMatch(/window\.reverie|\breverie\./);
      expect(text, name).not.toMatch(/localStorage|sessionStorage|dangerouslySetInnerHTML|style=\{/);
    }
  });
});
