import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, extname, isAbsolute, join, normalize } from 'node:path';
import { codeOf } from '../../electron/shared/errors';

/** What a system dialog would let the user pick, and so what a typed path must be. */
export type PathKind = { kind: 'folder' } | { kind: 'open-file'; extensions: readonly string[] } | { kind: 'save-file'; extensions: readonly string[] };

export type PathAnswer = { ok: true; path: string } | { ok: false; error: string };

/**
 * Checks a typed path the way the system dialog it replaces would only let through what fits: an
 * existing folder, an existing file of the asked type, or a new file in an existing folder. The
 * services behind it check again (moving refuses a folder inside the library, and so on).
 */
export async function checkPathAnswer(typed: string, want: PathKind, home = homedir()): Promise<PathAnswer> {
  const trimmed = typed.trim();
  if (trimmed === '') return refuse('Type a path.');
  const expanded = trimmed === '~' ? home : /^~[/\\]/.test(trimmed) ? join(home, trimmed.slice(2)) : trimmed;
  if (!isAbsolute(expanded)) return refuse(`Type a full path, starting from the top (for example ${join(home, 'Pictures')}).`);
  const path = normalize(expanded);

  if (want.kind === 'folder') {
    const found = await kindOf(path);
    if (found === 'folder') return { ok: true, path };
    if (found === 'unreadable') return refuse(UNREADABLE);
    return refuse(found === 'file' ? 'That is a file; type the path of a folder.' : 'There is no folder at that path. Create it first, or type another one.');
  }

  const extensions = want.extensions.map((extension) => extension.toLowerCase());
  const fits = (candidate: string) => extensions.length === 0 || extensions.includes(extname(candidate).slice(1).toLowerCase());
  const wanted = extensions.map((extension) => `.${extension}`).join(' or ');

  if (want.kind === 'open-file') {
    const found = await kindOf(path);
    if (found === 'folder') return refuse(`That is a folder; type the path of a ${wanted} file.`);
    if (found === 'missing') return refuse('There is no file at that path.');
    if (found === 'unreadable') return refuse(UNREADABLE);
    if (!fits(path)) return refuse(`Choose a ${wanted} file.`);
    return { ok: true, path };
  }

  // Saving: like the system save dialogs on Windows and macOS, a name without the type gets it.
  const target = fits(path) || extensions.length === 0 ? path : `${path}.${extensions[0]}`;
  if ((await kindOf(dirname(target))) !== 'folder') return refuse('The folder to save into does not exist.');
  const existing = await kindOf(target);
  if (existing === 'unreadable') return refuse(UNREADABLE);
  if (existing === 'folder') return refuse('That is a folder; add a file name.');
  if (existing === 'file') return refuse('A file with that name is already there; type another name.');
  return { ok: true, path: target };
}

const UNREADABLE = 'That path cannot be opened (no permission?); type another one.';

function refuse(error: string): PathAnswer {
  return { ok: false, error };
}

async function kindOf(path: string): Promise<'folder' | 'file' | 'missing' | 'unreadable'> {
  try {
    return (await stat(path)).isDirectory() ? 'folder' : 'file';
  } catch (error) {
    const code = codeOf(error);
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'unreadable';
  }
}
