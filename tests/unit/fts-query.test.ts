import { describe, expect, it } from 'vitest';
import { createLibrary } from '../../electron/main/services/library/library';
import { countSql, pageSql } from '../../electron/main/services/library/query';
import { createPromptHistory } from '../../electron/main/services/prompts/history';
import { toFtsQuery } from '../../electron/main/services/library/fts-query';
import { LibraryQuery } from '../../electron/shared/domain';
import { fuzzSeed, NASTY_STRINGS, seededRandom } from './support/fuzz-values';
import { makeItem, useTempDatabases } from './support/library-fixtures';

/**
 * The FTS query helper on its own, without the IPC schema in front of it (which now spaces out
 * control characters): whatever string reaches it, both full-text searches answer instead of
 * throwing. A NUL inside a quoted FTS5 string used to be an "unterminated string".
 */
describe('toFtsQuery: any input', () => {
  const databases = useTempDatabases();

  /** Code units from the whole BMP, lone surrogates and controls included, with FTS syntax mixed in. */
  function hostileInputs(): string[] {
    const seed = fuzzSeed();
    console.log(`[fts-query] seed ${seed} (REVERIE_FUZZ_SEED=${seed} repeats this run)`);
    const random = seededRandom(seed);
    const generated = Array.from({ length: 300 }, () =>
      Array.from({ length: 1 + random.int(30) }, () =>
        random.int(3) === 0 ? random.pick(['"', '*', 'NEAR(', ' ', '\u0000', 'AND', '-', ':', 'a', 'é']) : String.fromCharCode(random.int(0x10000)),
      ).join(''),
    );
    const nulEverywhere = Array.from({ length: 6 }, (_, at) => `${'fox'.slice(0, at)}\u0000${'fox'.slice(at)}`);
    return [...NASTY_STRINGS, ...nulEverywhere, 'a '.repeat(100_000), 'red\u0000fox', '\u0000"\u0000*', ...generated];
  }

  it('never puts a control character into the query, and keeps it small', () => {
    for (const input of hostileInputs()) {
      const query = toFtsQuery(input);
      if (query === null) continue;
      expect(query, JSON.stringify(input.slice(0, 40))).not.toMatch(/\p{Cc}/u);
      expect(query.split('"* ').length).toBeLessThanOrEqual(64);
    }
  });

  it('answers every search of the prompt history and the library without an error', async () => {
    const { db } = await databases.open();
    const history = createPromptHistory(db);
    history.record('a red fox in the snow', 1);
    const library = createLibrary(db);
    library.insert(makeItem({ prompt: 'a red fox in the snow' }));
    const defaults = LibraryQuery.parse({});

    for (const input of hostileInputs()) {
      const label = JSON.stringify(input.slice(0, 40));
      expect(() => history.list({ query: input, limit: 5 }), label).not.toThrow();
      // The library's SQL, run as the library runs it, with the text exactly as given.
      const query = { ...defaults, text: input };
      const page = pageSql(query, { limit: 5, after: null, offset: 0 });
      expect(() => db.prepare(page.text).all(...page.params), label).not.toThrow();
      const count = countSql(query);
      expect(() => db.prepare(count.text).get(...count.params), label).not.toThrow();
    }
  });

  it('splits words at control characters, so a NUL between two words still finds both', async () => {
    const { db } = await databases.open();
    const history = createPromptHistory(db);
    history.record('a red fox in the snow', 1);
    history.record('a red barn', 2);
    expect(toFtsQuery('red\u0000fox')).toBe('"red"* "fox"*');
    expect(history.list({ query: 'red\u0000fox', limit: 5 }).map((entry) => entry.text)).toEqual(['a red fox in the snow']);
    expect(history.list({ query: 'fo\u0000', limit: 5 }).map((entry) => entry.text)).toEqual(['a red fox in the snow']);
  });
});
