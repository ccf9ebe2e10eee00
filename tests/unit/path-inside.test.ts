import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isStrictlyInside } from '../../electron/main/services/path-inside';

const ROOT = path.resolve('/srv/reverie/out/renderer');

describe('isStrictlyInside', () => {
  it('is strict about the boundary', () => {
    expect(isStrictlyInside(ROOT, path.join(ROOT, 'a.js'))).toBe(true);
    expect(isStrictlyInside(ROOT, path.join(ROOT, 'deeper', 'a.js'))).toBe(true);
    expect(isStrictlyInside(ROOT, ROOT)).toBe(false);
    expect(isStrictlyInside(ROOT, `${ROOT}-evil/a.js`)).toBe(false);
    expect(isStrictlyInside(ROOT, path.dirname(ROOT))).toBe(false);
    expect(isStrictlyInside(ROOT, path.join(path.dirname(ROOT), 'sibling'))).toBe(false);
  });

  it('compares segments, not strings: a name that starts with two dots is inside', () => {
    expect(isStrictlyInside(ROOT, path.join(ROOT, '..foo'))).toBe(true);
    expect(isStrictlyInside(ROOT, path.join(ROOT, '..foo', 'Reverie Library'))).toBe(true);
  });
});
