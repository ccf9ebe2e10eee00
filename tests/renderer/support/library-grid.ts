import { screen, waitFor, within } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import { expect } from 'vitest';
import type { FakeReverie } from './fake-reverie';
import { renderApp } from './render-app';

// The library grid in tests: the queries, selection clicks and render the library tests share. Its jsdom geometry: library-grid-layout.ts.

export const library = () => screen.getByRole('region', { name: 'Library' });
/** The library's messages (radix Toast's viewport, a region named with its F8 hotkey) inside the Library region. */
export const toast = () => within(library()).getByRole('region', { name: 'Library messages (F8)' });
/** The message shown now, if any (each is a list item in the messages region). */
export const toastMessage = () => within(toast()).queryByRole('listitem');
export const grid = () => within(library()).getByRole('grid');
export const cells = () => within(library()).queryAllByRole('gridcell');
export const cell = (name: string) => within(library()).getByRole('gridcell', { name });
export const tiles = () => within(library()).queryAllByRole('img');
/** The thumbnails' alt texts (their prompts), in grid order. */
export const alts = () => tiles().map((img) => img.getAttribute('alt'));
export const selectionActions = () => within(library()).getByRole('group', { name: 'Selection actions' });

/** Clicks these tiles in turn with a modifier key held (Ctrl+click toggles one, Shift+click selects a range). */
export async function clickTilesWith(user: UserEvent, key: 'Control' | 'Shift', ...names: string[]): Promise<void> {
  await user.keyboard(`{${key}>}`);
  for (const name of names) await user.click(cell(name));
  await user.keyboard(`{/${key}}`);
}

/** Clicks the first tile, then Ctrl+clicks the others: exactly these are selected. */
export async function selectTiles(user: UserEvent, first: string, ...others: string[]): Promise<void> {
  await user.click(cell(first));
  if (others.length > 0) await clickTilesWith(user, 'Control', ...others);
}

/** The last page request the grid sent to main. */
export const lastList = (fake: FakeReverie) => fake.callsTo('library:list').at(-1)!;

/** The id of the fake's item with this prompt. */
export const idOf = (fake: FakeReverie, prompt: string): string => {
  const item = fake.library.find((candidate) => candidate.prompt === prompt);
  if (!item) throw new Error(`No item "${prompt}" in the fake library`);
  return item.id;
};
/** The ids of the fake's items with these prompts, in that order. */
export const idsOf = (fake: FakeReverie, ...prompts: string[]): string[] => prompts.map((prompt) => idOf(fake, prompt));

/** Renders the app and waits until the grid shows its first cells. */
export async function renderLibrary(options: Parameters<typeof renderApp>[0]) {
  const view = await renderApp(options);
  await waitFor(() => expect(cells().length).toBeGreaterThan(0));
  return view;
}
