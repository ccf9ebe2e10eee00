import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appPathWithinRoot, contentTypeFor, resolveAppFile } from '../../electron/main/protocol/app-paths';

const ROOT = path.resolve('/srv/reverie/out/renderer');

describe('appPathWithinRoot', () => {
  it('maps plain paths into the root, and / to index.html', () => {
    expect(appPathWithinRoot(ROOT, '/')).toBe(path.join(ROOT, 'index.html'));
    expect(appPathWithinRoot(ROOT, '/index.html')).toBe(path.join(ROOT, 'index.html'));
    expect(appPathWithinRoot(ROOT, '/assets/index-D4f9.js')).toBe(path.join(ROOT, 'assets', 'index-D4f9.js'));
    expect(appPathWithinRoot(ROOT, '/assets/caf%C3%A9.woff2')).toBe(path.join(ROOT, 'assets', 'café.woff2'));
  });

  it.each([
    ['parent segment', '/../secret.txt'],
    ['nested parent segment', '/assets/../../secret.txt'],
    ['parent segment that would stay inside', '/assets/../index.html'],
    ['current-directory segment', '/./index.html'],
    ['encoded parent', '/%2e%2e/secret.txt'],
    ['encoded parent, upper case', '/%2E%2E/%2E%2E/etc/passwd'],
    ['half-encoded parent', '/.%2e/secret.txt'],
    ['encoded slash after parent', '/..%2fsecret.txt'],
    ['fully encoded traversal', '/%2e%2e%2f%2e%2e%2fetc%2fpasswd'],
  ])('refuses a %s', (_label, pathname) => {
    expect(appPathWithinRoot(ROOT, pathname)).toBeNull();
  });

  it('decodes once only: a double-encoded parent is a harmless literal name inside the root', () => {
    expect(appPathWithinRoot(ROOT, '/%252e%252e/x')).toBe(path.join(ROOT, '%2e%2e', 'x'));
  });

  it.each([
    ['protocol-relative absolute path', '//etc/passwd'],
    ['encoded absolute path', '/%2fetc%2fpasswd'],
    ['path without a leading slash', 'etc/passwd'],
    ['traversal back to the filesystem root', '/etc/passwd/../../..'],
    ['Windows drive letter', '/C:/Windows/win.ini'],
    ['encoded Windows drive path', '/C%3A%5CWindows%5Cwin.ini'],
    ['alternate data stream', '/index.html::$DATA'],
    ['trailing slash (directory)', '/assets/'],
    ['empty path', ''],
  ])('refuses a %s', (_label, pathname) => {
    expect(appPathWithinRoot(ROOT, pathname)).toBeNull();
  });

  it.each([
    ['raw backslash traversal', '/..\\secret.txt'],
    ['encoded backslash traversal', '/%5c..%5csecret.txt'],
    ['backslash inside a name', '/assets\\index.js'],
  ])('refuses a %s', (_label, pathname) => {
    expect(appPathWithinRoot(ROOT, pathname)).toBeNull();
  });

  it.each([
    ['encoded NUL', '/index.html%00.png'],
    ['raw NUL', '/index.html\u0000'],
    ['other control character', '/index%0a.html'],
    ['DEL', '/index%7f.html'],
  ])('refuses a %s', (_label, pathname) => {
    expect(appPathWithinRoot(ROOT, pathname)).toBeNull();
  });

  it('refuses malformed percent escapes', () => {
    expect(appPathWithinRoot(ROOT, '/%E0%A4%A')).toBeNull();
    expect(appPathWithinRoot(ROOT, '/%')).toBeNull();
    expect(appPathWithinRoot(ROOT, '/%zz')).toBeNull();
  });
});

describe('contentTypeFor', () => {
  it('names the bundle’s types and falls back to an inert one', () => {
    expect(contentTypeFor('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('/x/a.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('/x/a.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('/x/a.woff2')).toBe('font/woff2');
    expect(contentTypeFor('/x/a.svg')).toBe('image/svg+xml');
    expect(contentTypeFor('/x/a.unknown')).toBe('application/octet-stream');
    expect(contentTypeFor('/x/Makefile')).toBe('application/octet-stream');
  });
});

describe('resolveAppFile (real files and symlinks)', () => {
  let base: string;
  let root: string;

  beforeAll(async () => {
    base = await realpath(await mkdtemp(path.join(tmpdir(), 'reverie-app-protocol-')));
    root = path.join(base, 'renderer');
    await mkdir(path.join(root, 'assets'), { recursive: true });
    await writeFile(path.join(root, 'index.html'), '<!doctype html>');
    await writeFile(path.join(root, 'assets', 'app.js'), 'export {}');
    await writeFile(path.join(base, 'secret.txt'), 'top secret');
    await mkdir(path.join(base, 'renderer-evil'));
    await writeFile(path.join(base, 'renderer-evil', 'x.js'), 'evil');
    await symlink(path.join(base, 'secret.txt'), path.join(root, 'assets', 'escape.txt'));
    await symlink(base, path.join(root, 'up'));
    await symlink(path.join(root, 'assets', 'app.js'), path.join(root, 'alias.js'));
    // The root itself reached through a link must still work.
    await symlink(root, path.join(base, 'linked-root'));
  });

  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('finds real files with their content type', async () => {
    expect(await resolveAppFile(root, '/')).toEqual({ filePath: path.join(root, 'index.html'), contentType: 'text/html; charset=utf-8' });
    expect(await resolveAppFile(root, '/assets/app.js')).toEqual({
      filePath: path.join(root, 'assets', 'app.js'),
      contentType: 'text/javascript; charset=utf-8',
    });
    expect((await resolveAppFile(path.join(base, 'linked-root'), '/assets/app.js'))?.filePath).toBe(path.join(root, 'assets', 'app.js'));
  });

  it('follows a link that stays inside, and returns the real path', async () => {
    expect((await resolveAppFile(root, '/alias.js'))?.filePath).toBe(path.join(root, 'assets', 'app.js'));
  });

  it('refuses symlinks that escape the root', async () => {
    expect(await resolveAppFile(root, '/assets/escape.txt')).toBeNull();
    expect(await resolveAppFile(root, '/up/secret.txt')).toBeNull();
    expect(await resolveAppFile(root, '/up/renderer-evil/x.js')).toBeNull();
  });

  it('refuses directories, missing files and traversal', async () => {
    expect(await resolveAppFile(root, '/assets')).toBeNull();
    expect(await resolveAppFile(root, '/missing.js')).toBeNull();
    expect(await resolveAppFile(root, '/../secret.txt')).toBeNull();
    expect(await resolveAppFile(root, '/%2e%2e/secret.txt')).toBeNull();
    expect(await resolveAppFile(root, '/..%2frenderer-evil%2fx.js')).toBeNull();
  });
});
