import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { isStrictlyInside } from '../services/path-inside';

/**
 * URL → file mapping for the app:// scheme. No Electron import, so the traversal rules are
 * unit-tested under plain Node with real files and symlinks.
 */

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

/** Served with nosniff, so an unknown type is inert rather than guessed at. */
export const contentTypeFor = (filePath: string): string => CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';

export const isHtml = (filePath: string): boolean => path.extname(filePath).toLowerCase() === '.html';

/**
 * The absolute path under `root` that a URL pathname names, or null when the pathname is anything
 * but plain relative segments. Refused outright rather than normalized: `.`/`..` segments (also
 * percent-encoded), empty segments (`//etc/passwd`), backslashes and colons (Windows separators,
 * drive letters, alternate data streams), control characters including NUL, malformed escapes.
 * `/` means index.html.
 */
export function appPathWithinRoot(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/')) return null;
  const relative = decoded === '/' ? 'index.html' : decoded.slice(1);
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (/[\u0000-\u001f\u007f\\:]/.test(relative)) return null;
  const segments = relative.split('/');
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) return null;
  const resolvedRoot = path.resolve(root);
  const candidate = path.resolve(resolvedRoot, ...segments);
  return isStrictlyInside(resolvedRoot, candidate) ? candidate : null;
}

export interface AppFile {
  /** The real path (symlinks resolved): read this one, not the requested name. */
  filePath: string;
  contentType: string;
}

/**
 * The regular file a pathname names, after resolving symlinks on both the root and the file, so a
 * link inside the bundle cannot point outside it. Null for anything missing, escaping or not a file.
 */
export async function resolveAppFile(root: string, pathname: string): Promise<AppFile | null> {
  const candidate = appPathWithinRoot(root, pathname);
  if (candidate === null) return null;
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(candidate)]);
    if (!isStrictlyInside(realRoot, realFile)) return null;
    if (!(await stat(realFile)).isFile()) return null;
    return { filePath: realFile, contentType: contentTypeFor(realFile) };
  } catch {
    return null;
  }
}
