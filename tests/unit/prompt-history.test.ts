import type { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { createPromptHistory, PROMPT_HISTORY_CAP, type PromptHistory } from '../../electron/main/services/prompts/history';
import { HistoryQuery } from '../../electron/shared/domain';
import { useTempDatabaseWith } from './support/library-fixtures';

describe('prompt history', () => {
  const { setup, openAt } = useTempDatabaseWith('history', (db) => createPromptHistory(db));

  /** The texts a search returns, in order; `query` goes through the IPC schema as the renderer's would. */
  const search = (history: PromptHistory, query: string, limit?: number) => history.list(HistoryQuery.parse({ query, limit })).map((entry) => entry.text);

  it('lists the newest first with how often each was used', async () => {
    const { history } = await setup();
    history.record('a lighthouse at dusk', 1_000);
    history.record('a fox in the snow', 2_000);
    history.record('a lighthouse at dusk', 3_000);
    expect(history.list(HistoryQuery.parse({}))).toEqual([
      { text: 'a lighthouse at dusk', lastUsedAt: 3_000, useCount: 2 },
      { text: 'a fox in the snow', lastUsedAt: 2_000, useCount: 1 },
    ]);
  });

  it('keeps one row per exact text; a different spacing or case is a different prompt', async () => {
    const { db, history } = await setup();
    history.record('Sunset', 1);
    history.record('sunset', 2);
    history.record('sunset ', 3);
    history.record('Sunset', 4);
    expect(db.prepare('SELECT count(*) AS n FROM prompt_history').get()?.n).toBe(3);
    expect(search(history, '')).toEqual(['Sunset', 'sunset ', 'sunset']);
  });

  it('never moves a prompt back in time when an older use is recorded late', async () => {
    const { history } = await setup();
    history.record('late', 5_000);
    history.record('other', 4_000);
    history.record('late', 1_000);
    expect(history.list(HistoryQuery.parse({}))).toEqual([
      { text: 'late', lastUsedAt: 5_000, useCount: 2 },
      { text: 'other', lastUsedAt: 4_000, useCount: 1 },
    ]);
  });

  it('orders prompts used in the same millisecond by which came last', async () => {
    const { history } = await setup();
    history.record('first', 1_000);
    history.record('second', 1_000);
    expect(search(history, '')).toEqual(['second', 'first']);
  });

  it('ignores blank prompts and a timestamp that is not a number', async () => {
    const { history } = await setup();
    history.record('', 1);
    history.record('   \n\t', 2);
    history.record('fine', Number.NaN);
    history.record('kept', 3.7);
    expect(history.list(HistoryQuery.parse({}))).toEqual([{ text: 'kept', lastUsedAt: 3, useCount: 1 }]);
  });

  it('honours the limit', async () => {
    const { history } = await setup();
    for (let i = 0; i < 10; i++) history.record(`sunset number ${i}`, i);
    expect(search(history, '', 3)).toEqual(['sunset number 9', 'sunset number 8', 'sunset number 7']);
    expect(search(history, 'sunset', 2)).toEqual(['sunset number 9', 'sunset number 8']);
  });

  it('finds prompts by word prefix, newest first among the matches', async () => {
    const { history } = await setup();
    history.record('sunset over the sea', 1_000);
    history.record('a sunny meadow', 2_000);
    history.record('night city', 3_000);
    history.record('Sun-drenched terrace', 4_000);
    expect(search(history, 'sun')).toEqual(['Sun-drenched terrace', 'a sunny meadow', 'sunset over the sea']);
    expect(search(history, 'SUNSET')).toEqual(['sunset over the sea']);
    expect(search(history, 'unset')).toEqual([]); // words match from their start, not inside
  });

  it('needs every word to match, in any order', async () => {
    const { history } = await setup();
    history.record('red fox in snow', 1);
    history.record('red barn', 2);
    history.record('snow fox', 3);
    expect(search(history, 'fox red')).toEqual(['red fox in snow']);
    expect(search(history, '  fox   ')).toEqual(['snow fox', 'red fox in snow']);
  });

  it('matches café and cafe either way', async () => {
    const { history } = await setup();
    history.record('a café in Paris', 1);
    history.record('cafe racer motorcycle', 2);
    history.record('Crème brûlée, macro', 3);
    expect(search(history, 'cafe')).toEqual(['cafe racer motorcycle', 'a café in Paris']);
    expect(search(history, 'café')).toEqual(['cafe racer motorcycle', 'a café in Paris']);
    expect(search(history, 'CAFÉ')).toEqual(['cafe racer motorcycle', 'a café in Paris']);
    expect(search(history, 'creme brulee')).toEqual(['Crème brûlée, macro']);
    // Decomposed accents (as some keyboards and macOS file names produce) fold the same way.
    expect(search(history, 'cafe\u0301')).toEqual(['cafe racer motorcycle', 'a café in Paris']);
  });

  it('treats FTS syntax in the search box as plain text, never as an error', async () => {
    const { history } = await setup();
    history.record('x-ray of a hand', 1);
    history.record('ratio a:b of the frame', 2);
    history.record('NEAR the old mill', 3);
    history.record('say "cheese" please', 4);
    history.record('star * field', 5);

    const hostile = [
      '"',
      '""',
      '"""',
      '*',
      '**',
      '-',
      '-x',
      'a:b',
      'NEAR(',
      'NEAR(a b)',
      'NEAR',
      'AND',
      'OR',
      'NOT',
      'a OR',
      'OR b',
      '(',
      ')',
      '()',
      '^',
      '^x',
      '+',
      '{',
      '}',
      '{a b}',
      'text:',
      'text:x',
      ':',
      'col:"x"',
      '"unterminated',
      "'",
      '\\',
      '\u0000',
      'a"b',
      'x*y',
      '* a',
      'a AND',
      'NOT x',
      '-',
      '--',
      '---x',
      '.',
      '%',
      '_',
      '\n',
    ];
    for (const query of hostile) {
      expect(() => search(history, query), query).not.toThrow();
    }

    expect(search(history, '-x')).toEqual(['x-ray of a hand']);
    expect(search(history, 'a:b')).toEqual(['ratio a:b of the frame']);
    expect(search(history, 'NEAR(')).toEqual(['NEAR the old mill']);
    expect(search(history, '"cheese')).toEqual(['say "cheese" please']);
    expect(search(history, 'cheese"')).toEqual(['say "cheese" please']);
    // Operators are words like any other: "OR" alone looks for words starting with "or".
    expect(search(history, 'OR')).toEqual([]);
    expect(search(history, 'NOT x')).toEqual([]);
    expect(search(history, 'ray x')).toEqual(['x-ray of a hand']);
  });

  it('finds emoji and symbols, which the word index drops, by plain substring', async () => {
    const { history } = await setup();
    history.record('sunrise 🌅 over dunes', 1);
    history.record('🌅', 2);
    history.record('a cat 🐈', 3);
    history.record('star * field', 4);
    expect(search(history, '🌅')).toEqual(['🌅', 'sunrise 🌅 over dunes']);
    expect(search(history, '🐈')).toEqual(['a cat 🐈']);
    expect(search(history, '*')).toEqual(['star * field']);
    expect(search(history, '"')).toEqual([]);
    // Mixed with words, the words decide (the emoji carries nothing the index holds).
    expect(search(history, 'sunrise 🌅')).toEqual(['sunrise 🌅 over dunes']);
    expect(search(history, 'cat 🌅')).toEqual(['a cat 🐈']);
  });

  it('finds words in scripts without spaces by their start', async () => {
    const { history } = await setup();
    history.record('日本の庭園', 1);
    history.record('Москва зимой', 2);
    expect(search(history, '日本')).toEqual(['日本の庭園']);
    expect(search(history, 'москва')).toEqual(['Москва зимой']);
  });

  it('keeps the index in step with updates: a bumped prompt is found once', async () => {
    const { history } = await setup();
    history.record('harbour at night', 1);
    history.record('harbour at night', 2);
    history.record('harbour at dawn', 3);
    expect(history.list(HistoryQuery.parse({ query: 'harbour night' }))).toEqual([{ text: 'harbour at night', lastUsedAt: 2, useCount: 2 }]);
  });

  describe('cap', () => {
    const count = (db: DatabaseSync) => Number(db.prepare('SELECT count(*) AS n FROM prompt_history').get()?.n);

    it(`keeps the newest ${PROMPT_HISTORY_CAP.toLocaleString('en')} distinct prompts and drops the oldest, index included`, async () => {
      const { db, history } = await setup();
      // One transaction around the loop only to spare the disk: each record is a savepoint inside it.
      db.exec('BEGIN');
      for (let i = 0; i <= PROMPT_HISTORY_CAP; i++) history.record(`prompt number ${i} w${i}x`, 1_000 + i);
      db.exec('COMMIT');
      expect(count(db)).toBe(PROMPT_HISTORY_CAP);
      expect(search(history, 'w0x')).toEqual([]);
      expect(search(history, 'w1x')).toEqual(['prompt number 1 w1x']);
      expect(search(history, '', 1)).toEqual([`prompt number ${PROMPT_HISTORY_CAP} w${PROMPT_HISTORY_CAP}x`]);
      expect(db.prepare('SELECT count(*) AS n FROM prompt_history_fts').get()?.n).toBe(PROMPT_HISTORY_CAP);
      expect(() => db.exec("INSERT INTO prompt_history_fts (prompt_history_fts) VALUES ('integrity-check')")).not.toThrow();
    });

    it('drops by last use, not by first: a prompt used again stays', async () => {
      const { db, path } = await setup();
      const history = createPromptHistory(db, 3);
      history.record('one', 1);
      history.record('two', 2);
      history.record('three', 3);
      history.record('one', 4);
      history.record('four', 5);
      expect(search(history, '')).toEqual(['four', 'one', 'three']);
      history.record('three', 5); // a tie on time: the row added last counts as newer
      history.record('five', 5);
      expect(search(history, '')).toEqual(['five', 'four', 'three']);
      expect(count(db)).toBe(3);
      // A history grown larger (an older version, no cap) shrinks on the next record.
      const bigger = createPromptHistory(openAt(path), 10);
      for (let i = 0; i < 8; i++) bigger.record(`more ${i}`, 10 + i);
      expect(count(db)).toBe(10);
      createPromptHistory(db, 4).record('six', 100);
      expect(search(history, '')).toEqual(['six', 'more 7', 'more 6', 'more 5']);
    });

    it('prunes in the same transaction as the insert: if pruning fails, the new prompt is not kept either', async () => {
      const { db } = await setup();
      const history = createPromptHistory(db, 2);
      history.record('one', 1);
      history.record('two', 2);
      db.exec("CREATE TEMP TRIGGER refuse_prune BEFORE DELETE ON prompt_history BEGIN SELECT RAISE(ABORT, 'disk trouble'); END");
      expect(() => history.record('three', 3)).toThrow(/disk trouble/);
      expect(db.isTransaction).toBe(false);
      expect(search(history, '')).toEqual(['two', 'one']);
    });
  });

  it('keeps the history across a restart', async () => {
    const { db, path, history } = await setup();
    history.record('kept across restarts', 42);
    db.close();
    const again = createPromptHistory(openAt(path));
    expect(search(again, 'restart')).toEqual(['kept across restarts']);
  });
});
