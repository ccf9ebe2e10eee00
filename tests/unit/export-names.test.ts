import { describe, expect, it } from 'vitest';
import { FALLBACK_NAME, MAX_NAME_BYTES, nameKey, renderNamingTemplate, sanitizeFileName, uniqueName } from '../../electron/main/services/export/names';
import { makeItem } from './support/library-fixtures';

const bytes = (text: string) => new TextEncoder().encode(text).byteLength;
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/** What every sanitized name must be, whatever went in. */
function expectSafe(name: string) {
  expect(name).not.toBe('');
  // eslint-disable-next-line no-control-regex
  expect(name).not.toMatch(/[\u0000-\u001f\u007f<>:"/\\|?*\u202a-\u202e\u2066-\u2069]/);
  expect(name).not.toMatch(/^[.\s]/);
  expect(name).not.toMatch(/[.\s]$/);
  expect(name).not.toMatch(RESERVED);
  expect(bytes(name)).toBeLessThanOrEqual(MAX_NAME_BYTES);
  expect(name).toBe(name.normalize('NFC'));
  // No lone surrogates: the cut fell on a code point boundary.
  expect(name).toBe(Buffer.from(name, 'utf8').toString('utf8'));
}

describe('sanitizeFileName', () => {
  it.each([
    ['CON', '_CON'],
    ['con', '_con'],
    ['con.txt', '_con.txt'],
    ['Com1.png', '_Com1.png'],
    ['LPT9', '_LPT9'],
    ['nul .txt', '_nul .txt'],
    ['aux.tar.gz', '_aux.tar.gz'],
    ['a<b>c', 'a_b_c'],
    ['what? "really": yes*|no', 'what_ _really__ yes__no'],
    ['dir/../file', 'dir_.._file'],
    ['back\\slash', 'back_slash'],
    ['..', FALLBACK_NAME],
    ['.', FALLBACK_NAME],
    ['   ', FALLBACK_NAME],
    ['', FALLBACK_NAME],
    ['\u0000', FALLBACK_NAME],
    ['name.', 'name'],
    ['name. . .', 'name'],
    ['  padded  ', 'padded'],
    ['.hidden', 'hidden'],
    ['...dots', 'dots'],
    ['tab\there\nnewline', 'tab here newline'],
    ['bell\u0007\u007f\u009bx', 'bellx'],
    ['evil\u202Egnp.exe', 'evilgnp.exe'],
    ['zero\u200Bwidth\uFEFF', 'zerowidth'],
    ['CONSOLE', 'CONSOLE'],
    ['com10', 'com10'],
    ['sunset over the sea', 'sunset over the sea'],
  ])('%j → %j', (input, expected) => {
    const name = sanitizeFileName(input);
    expect(name).toBe(expected);
    expectSafe(name);
  });

  it('cuts long names to the byte limit on a character boundary, emoji included', () => {
    for (const input of ['🌅'.repeat(300), 'a' + '👨‍👩‍👧'.repeat(100), 'é'.repeat(300), 'x'.repeat(1000), '日本語'.repeat(200)]) {
      const name = sanitizeFileName(input);
      expectSafe(name);
      expect(bytes(name)).toBeGreaterThan(MAX_NAME_BYTES - 20);
      expect(input.startsWith(name)).toBe(true);
    }
    // A family emoji is one grapheme of several code points: never split.
    const families = sanitizeFileName('👨‍👩‍👧'.repeat(100));
    expect(families.length % '👨‍👩‍👧'.length).toBe(0);
  });

  it('does not leave a trailing dot or space exposed by the cut', () => {
    const name = sanitizeFileName(`${'a'.repeat(MAX_NAME_BYTES - 1)}. tail`);
    expect(name).toBe('a'.repeat(MAX_NAME_BYTES - 1));
  });

  it('normalises to NFC, as macOS stores names', () => {
    expect(sanitizeFileName('cafe\u0301')).toBe('caf\u00e9');
  });

  it('is idempotent', () => {
    for (const input of ['CON', 'a<b>c', '..', '🌅'.repeat(300), 'name. ', 'con.txt']) {
      const once = sanitizeFileName(input);
      expect(sanitizeFileName(once)).toBe(once);
    }
  });
});

describe('renderNamingTemplate', () => {
  const createdAt = new Date(2025, 2, 7, 9, 5, 3).getTime(); // local time
  const item = makeItem({
    id: '0f8fad5b-d9cb-469f-a165-70867728950e',
    prompt: '  A lighthouse\n\tat dusk,   oil painting, with a very long tail that goes on and on and on',
    aspectRatio: '16:9',
    requestId: 'rsid-123',
    createdAt,
  });

  it('fills every token', () => {
    expect(renderNamingTemplate('{date}_{time}', item, 0, 1)).toBe('2025-03-07_09-05-03');
    expect(renderNamingTemplate('{aspect} {id} {request_id}', item, 0, 1)).toBe('16x9 0f8fad5b-d9cb-469f-a165-70867728950e rsid-123');
    const prompt = renderNamingTemplate('{prompt}', item, 0, 1);
    expect(prompt).toBe('A lighthouse at dusk, oil painting, with a very long tail');
    expect(Array.from(prompt).length).toBeLessThanOrEqual(60);
  });

  it('names an import without a prompt by its title (its file name), and an item with neither by the fallback', () => {
    const imported = makeItem({ prompt: '', title: 'IMG_2041 holiday', origin: 'imported' });
    expect(renderNamingTemplate('{prompt}', imported, 0, 1)).toBe('IMG_2041 holiday');
    expect(renderNamingTemplate('{prompt}', { ...imported, prompt: 'a kite' }, 0, 1)).toBe('a kite');
    expect(renderNamingTemplate('{prompt}', { ...imported, title: null }, 0, 1)).toBe(FALLBACK_NAME);
  });

  it('cuts a long prompt after its last whole word, with no dangling comma or space', () => {
    const name = (prompt: string) => renderNamingTemplate('{prompt}', makeItem({ prompt }), 0, 1);
    // 60 characters end inside "foggy"; the cut goes back to the comma before it, and drops that too.
    expect(name('a lighthouse on a cliff at dusk, oil painting, heavy rain, foggy harbour, gulls')).toBe(
      'a lighthouse on a cliff at dusk, oil painting, heavy rain',
    );
    // Japanese has no spaces: the cut still falls between words (ICU's dictionary), and the ideographic comma goes.
    const japanese = name('東京の夜景、ネオンが雨に濡れた路地に反射している、シネマティックな写真、35mmフィルム、浅い被写界深度、夜の雰囲気が美しい');
    expect(japanese).toBe('東京の夜景、ネオンが雨に濡れた路地に反射している、シネマティックな写真、35mmフィルム、浅い被写界深度、夜の雰囲気が');
    // One word longer than the room (a pasted address) is cut inside it rather than dropped.
    expect(name(`see ${'a'.repeat(100)}`)).toBe(`see ${'a'.repeat(56)}`);
    // Emoji are words of their own, never split; 60 of them (4 bytes each) are then over the byte limit, cut between two.
    expect(name('🌅'.repeat(100))).toBe('🌅'.repeat(MAX_NAME_BYTES / 4));
  });

  it('cuts a whole name over the byte limit at a word boundary too', () => {
    const name = sanitizeFileName('lighthouse '.repeat(30));
    expect(bytes(name)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(name.split(' ').every((word) => word === 'lighthouse')).toBe(true);
    expectSafe(name);
  });

  it('gives two prompts that share their first words distinct names', () => {
    const shared = 'a lighthouse on a cliff at dusk, oil painting, heavy rain, foggy';
    const first = `${renderNamingTemplate('{prompt}', makeItem({ prompt: `${shared} harbour` }), 0, 2)}.png`;
    const second = `${renderNamingTemplate('{prompt}', makeItem({ prompt: `${shared} night` }), 1, 2)}.png`;
    expect(first).toBe(second);
    const taken = new Set<string>();
    expect([uniqueName(first, taken), uniqueName(second, taken)]).toEqual([first, first.replace('.png', '-2.png')]);
  });

  it('counts {index} from 1, padded to the batch size', () => {
    expect(renderNamingTemplate('{index}', item, 0, 1)).toBe('1');
    expect(renderNamingTemplate('{index}', item, 6, 120)).toBe('007');
    expect(renderNamingTemplate('{index}', item, 99, 100)).toBe('100');
    expect(renderNamingTemplate('img-{index}', item, 4, 10)).toBe('img-05');
  });

  it('keeps unknown tokens literally, sanitized', () => {
    expect(renderNamingTemplate('{seed}_{date}', item, 0, 1)).toBe('{seed}_2025-03-07');
    expect(renderNamingTemplate('{a/b}', item, 0, 1)).toBe('{a_b}');
  });

  it('sanitizes what the tokens bring in', () => {
    const naughty = makeItem({ prompt: 'CON', requestId: null });
    expect(renderNamingTemplate('{prompt}', naughty, 0, 1)).toBe('_CON');
    expect(renderNamingTemplate('{request_id}', naughty, 0, 1)).toBe(FALLBACK_NAME);
    expect(renderNamingTemplate('{prompt}', makeItem({ prompt: '../../etc/passwd' }), 0, 1)).toBe('_.._etc_passwd');
  });
});

describe('uniqueName', () => {
  it('adds -2, -3 … before the extension, case-insensitively, and reserves what it returns', () => {
    const taken = new Set(['photo.png'].map(nameKey));
    expect(uniqueName('Photo.PNG', taken)).toBe('Photo-2.PNG');
    expect(uniqueName('photo.png', taken)).toBe('photo-3.png');
    expect(uniqueName('other.png', taken)).toBe('other.png');
    expect(uniqueName('OTHER.png', taken)).toBe('OTHER-2.png');
    expect(uniqueName('noext', new Set(['noext']))).toBe('noext-2');
  });

  it('keeps companions free too', () => {
    const taken = new Set(['a.png.json']);
    expect(uniqueName('a.png', taken, (name) => [`${name}.json`])).toBe('a-2.png');
    expect(taken.has('a-2.png.json')).toBe(true);
  });
});
