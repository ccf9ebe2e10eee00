import { isAbsolute, relative, sep } from 'node:path';

/**
 * True when `candidate` is strictly below `root`: not `root` itself, nothing beside or above it. Both
 * absolute and normalized (resolved; with symlinks resolved first wherever a link could lead out).
 * Compared by path segments, not as strings: `/lib-evil/a` is not inside `/lib`, and `/lib/..a` (a
 * name that merely starts with two dots) is.
 */
export function isStrictlyInside(root: string, candidate: string): boolean {
  const path = relative(root, candidate);
  return path !== '' && path !== '..' && !path.startsWith(`..${sep}`) && !isAbsolute(path);
}
