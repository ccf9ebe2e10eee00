import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPathAnswer } from '../../scripts/preview/path-answer';

/** The preview's path prompt lets through only what the system dialog it stands in for would. */
describe('checkPathAnswer', () => {
  let home: string;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'reverie-path-answer-'));
    await mkdir(join(home, 'Pictures'));
    await writeFile(join(home, 'Pictures', 'old.zip'), 'PK');
    await writeFile(join(home, 'Pictures', 'notes.txt'), 'text');
  });
  afterAll(() => rm(home, { recursive: true, force: true }));

  const zip = ['zip'] as const;

  it('refuses an empty answer and a relative path, and says what to type', async () => {
    expect(await checkPathAnswer('   ', { kind: 'folder' }, home)).toEqual({ ok: false, error: 'Type a path.' });
    const relative = await checkPathAnswer('Pictures', { kind: 'folder' }, home);
    expect(relative).toEqual({ ok: false, error: expect.stringContaining('full path') });
  });

  it('reads ~ as the home folder and trims what was typed', async () => {
    expect(await checkPathAnswer('  ~/Pictures ', { kind: 'folder' }, home)).toEqual({ ok: true, path: join(home, 'Pictures') });
    expect(await checkPathAnswer('~', { kind: 'folder' }, home)).toEqual({ ok: true, path: home });
  });

  it('a folder must exist and be a folder', async () => {
    expect(await checkPathAnswer(join(home, 'Pictures/../Pictures/'), { kind: 'folder' }, home)).toEqual({ ok: true, path: join(home, 'Pictures/') });
    expect(await checkPathAnswer(join(home, 'Missing'), { kind: 'folder' }, home)).toEqual({ ok: false, error: expect.stringContaining('no folder') });
    expect(await checkPathAnswer(join(home, 'Pictures', 'old.zip'), { kind: 'folder' }, home)).toEqual({
      ok: false,
      error: expect.stringContaining('is a file'),
    });
  });

  it('a file to open must exist, be a file, and be of the asked type', async () => {
    const want = { kind: 'open-file', extensions: zip } as const;
    expect(await checkPathAnswer(join(home, 'Pictures', 'old.zip'), want, home)).toEqual({ ok: true, path: join(home, 'Pictures', 'old.zip') });
    expect(await checkPathAnswer(join(home, 'Pictures', 'notes.txt'), want, home)).toEqual({ ok: false, error: 'Choose a .zip file.' });
    expect(await checkPathAnswer(join(home, 'Pictures', 'gone.zip'), want, home)).toEqual({ ok: false, error: 'There is no file at that path.' });
    expect(await checkPathAnswer(join(home, 'Pictures'), want, home)).toEqual({ ok: false, error: expect.stringContaining('is a folder') });
  });

  it('a file to save gets the type when it has none, needs an existing folder, and never replaces a file', async () => {
    const want = { kind: 'save-file', extensions: zip } as const;
    expect(await checkPathAnswer(join(home, 'Pictures', 'new backup'), want, home)).toEqual({ ok: true, path: join(home, 'Pictures', 'new backup.zip') });
    expect(await checkPathAnswer(join(home, 'Pictures', 'new.ZIP'), want, home)).toEqual({ ok: true, path: join(home, 'Pictures', 'new.ZIP') });
    expect(await checkPathAnswer(join(home, 'Nowhere', 'new.zip'), want, home)).toEqual({ ok: false, error: expect.stringContaining('does not exist') });
    expect(await checkPathAnswer(join(home, 'Pictures', 'old'), want, home)).toEqual({ ok: false, error: expect.stringContaining('already there') });
    expect(await checkPathAnswer(join(home, 'Pictures', 'old.zip'), want, home)).toEqual({ ok: false, error: expect.stringContaining('already there') });
  });
});
