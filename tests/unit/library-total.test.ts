import { describe, expect, it } from 'vitest';
import { LibraryPageInput } from '../../electron/shared/domain';
import { makeItem, useTempLibraries } from './support/library-fixtures';

// A page's total (LibraryPage.total): counted once per query until the database changes; a search's
// first page does not wait for its count.
describe('library totals', () => {
  const { fresh } = useTempLibraries();
  const page = (library: Awaited<ReturnType<typeof fresh>>, request: object) => {
    const reply = library.list(LibraryPageInput.parse(request));
    if (!reply.ok) throw new Error(reply.error.message);
    return reply.value;
  };

  it("leaves a search's total to count, then reports it on every page until the library changes", async () => {
    const library = await fresh();
    for (let i = 0; i < 5; i += 1) library.insert(makeItem({ prompt: `harbor ${i}`, createdAt: 100 + i }));
    library.insert(makeItem({ prompt: 'forest', createdAt: 50 }));
    library.insert(makeItem({ prompt: 'harbor in the trash', createdAt: 60, trashedAt: 70 }));
    const query = LibraryPageInput.parse({ query: { text: 'harbor' } }).query;

    const first = page(library, { query: { text: 'harbor' }, limit: 2 });
    expect(first.total).toBeNull();
    expect(library.count(query)).toBe(5);
    const second = page(library, { query: { text: 'harbor' }, limit: 2, cursor: first.nextCursor });
    expect(second.total).toBe(5);

    // Any change drops what was counted: the next page of the search waits for a new count.
    library.insert(makeItem({ prompt: 'harbor again', createdAt: 200 }));
    expect(page(library, { query: { text: 'harbor' }, limit: 2 }).total).toBeNull();
    expect(library.count(query)).toBe(6);
    // The plain library counts with its page, and so does a view with a filter.
    expect(page(library, { limit: 2 }).total).toBe(7);
    expect(page(library, { query: { view: 'trash' }, limit: 2 }).total).toBe(1);
    expect(library.count(LibraryPageInput.parse({ query: { text: 'harbor', view: 'trash' } }).query)).toBe(1);
  });
});
