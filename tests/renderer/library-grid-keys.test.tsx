import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AspectRatio } from '../../electron/shared/constants';
import { useViewerStore } from '../../renderer/src/stores/viewer-store';
import { makeItem, makeJob, makeLibrary } from './support/fake-data';
import { cell, cells, grid, idOf, library, renderLibrary, toast, selectionActions, selectTiles } from './support/library-grid';
import { useLibraryGridLayout } from './support/library-grid-layout';

// The gallery's justified rows from the keyboard and for assistive tech: moving between rows of
// different lengths, paging, S and Delete, row names, and job tiles before the images.
useLibraryGridLayout();

const rows = () => within(grid()).getAllByRole('row');
const rowNames = (row: HTMLElement) =>
  within(row)
    .getAllByRole('gridcell')
    .map((element) => element.getAttribute('aria-label'));

/** Items named "A0", "A1" … in this order (newest first), each with the ratio given. */
const libraryOf = (...ratios: AspectRatio[]) => ratios.map((aspectRatio, index) => makeItem({ prompt: `A${index}`, aspectRatio, createdAt: 10_000 - index }));

describe('the gallery from the keyboard', () => {
  it('lays out rows of different lengths, and Up and Down go to the nearest tile, not the same column', async () => {
    // At 800 px and 180 px rows: four squares fill a row (194 px high), three 16:9 the next (147 px).
    const items = libraryOf('1:1', '1:1', '1:1', '1:1', '16:9', '16:9', '16:9', '1:1', '1:1', '1:1', '1:1');
    const { user } = await renderLibrary({ library: items });
    await waitFor(() => expect(cells()).toHaveLength(11));
    expect(rowNames(rows()[0]!)).toEqual(['A0', 'A1', 'A2', 'A3']);
    expect(rowNames(rows()[1]!)).toEqual(['A4', 'A5', 'A6']);

    await user.click(cell('A3'));
    // The last square sits over the last wide image (a fixed 4-column grid would go to A7).
    await user.keyboard('{ArrowDown}');
    expect(cell('A6')).toHaveFocus();
    await user.keyboard('{ArrowUp}');
    expect(cell('A3')).toHaveFocus();
    await user.keyboard('{ArrowLeft}{ArrowLeft}{ArrowDown}');
    expect(cell('A5')).toHaveFocus();
    // The middle wide image is nearest the second square (centre 399 against 299 and 501).
    await user.keyboard('{ArrowUp}');
    expect(cell('A1')).toHaveFocus();
    // The last row is short: four squares at the target height (180 px), left-aligned, centres
    // 90, 278, 466, 654: the middle wide image's centre (399) is nearest the third.
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(cell('A9')).toHaveFocus();
    // Right and Left go on across rows; Home and End to the ends.
    await user.keyboard('{ArrowLeft}{ArrowLeft}');
    expect(cell('A7')).toHaveFocus();
    await user.keyboard('{ArrowLeft}');
    expect(cell('A6')).toHaveFocus();
    await user.keyboard('{End}');
    expect(cell('A10')).toHaveFocus();
    await user.keyboard('{Home}');
    expect(cell('A0')).toHaveFocus();
  });

  it('Page Down and Page Up move a screenful of rows; Shift extends the selection', async () => {
    // Squares: rows of 4, 194 px high every 202 px; the 600 px screen ends in the third row.
    const { user } = await renderLibrary({ library: makeLibrary(40, () => ({ aspectRatio: '1:1' })) });
    await user.click(cell('Image 1'));
    await user.keyboard('{PageDown}');
    await waitFor(() => expect(cell('Image 9')).toHaveFocus());
    await user.keyboard('{PageUp}');
    await waitFor(() => expect(cell('Image 1')).toHaveFocus());

    await user.keyboard('{Shift>}{PageDown}{/Shift}');
    await waitFor(() => expect(cell('Image 9')).toHaveFocus());
    expect(selectionActions()).toHaveTextContent('9 selected');
    expect(cell('Image 5')).toHaveAttribute('aria-selected', 'true');
    expect(cell('Image 10')).toHaveAttribute('aria-selected', 'false');
  });

  it('names rows "Row N", never by the prompts in them; each tile is named by its own prompt or title', async () => {
    const long = 'a very long prompt about a lighthouse on a cliff at dusk with gulls and a storm coming in';
    await renderLibrary({
      library: [
        makeItem({ prompt: long, createdAt: 3 }),
        makeItem({ prompt: '', title: 'holiday-photo', origin: 'imported', createdAt: 2 }),
        makeItem({ prompt: '', title: null, createdAt: 1 }),
      ],
    });
    expect(rows()[0]).toHaveAccessibleName('Row 1');
    for (const row of rows()) expect(row.getAttribute('aria-label')).toMatch(/^Row \d+$/);
    expect(within(grid()).getByRole('gridcell', { name: long })).toBeInTheDocument();
    expect(within(grid()).getByRole('gridcell', { name: 'holiday-photo' })).toBeInTheDocument();
    expect(within(grid()).getByRole('img', { name: 'holiday-photo' })).toBeInTheDocument();
    expect(within(grid()).getByRole('gridcell', { name: 'Untitled image' })).toBeInTheDocument();
  });
});

describe('S and Delete', () => {
  it('S stars the focused image, and again unstars it; with a selection it stars the selection', async () => {
    const { fake, user } = await renderLibrary({ library: makeLibrary(4) });
    cell('Image 2').focus();
    await user.keyboard('s');
    await waitFor(() => expect(fake.callsTo('library:set-favorite')).toEqual([{ selection: { ids: [idOf(fake, 'Image 2')] }, favorite: true }]));
    await waitFor(() => expect(within(cell('Image 2')).getByRole('button', { name: 'Unstar' })).toBeInTheDocument());
    expect(toast()).toHaveTextContent(/Starred/);
    await user.keyboard('S');
    await waitFor(() => expect(fake.callsTo('library:set-favorite').at(-1)).toEqual({ selection: { ids: [idOf(fake, 'Image 2')] }, favorite: false }));

    await selectTiles(user, 'Image 0', 'Image 1');
    await user.keyboard('s');
    await waitFor(() =>
      expect(fake.callsTo('library:set-favorite').at(-1)).toEqual({ selection: { ids: [idOf(fake, 'Image 0'), idOf(fake, 'Image 1')] }, favorite: true }),
    );
    // Ctrl+S is not S.
    const calls = fake.callsTo('library:set-favorite').length;
    await user.keyboard('{Control>}s{/Control}');
    expect(fake.callsTo('library:set-favorite')).toHaveLength(calls);
  });

  it('Delete moves the focused image to the trash with Undo; with a selection, the selection', async () => {
    const { fake, user } = await renderLibrary({ library: makeLibrary(5) });
    await user.click(cell('Image 1'));
    await user.keyboard('{Delete}');
    await waitFor(() => expect(fake.callsTo('library:trash')).toEqual([{ selection: { ids: [idOf(fake, 'Image 1')] } }]));
    await waitFor(() => expect(within(grid()).queryByRole('gridcell', { name: 'Image 1' })).not.toBeInTheDocument());
    expect(within(toast()).getByRole('button', { name: 'Undo' })).toBeInTheDocument();
    await user.click(within(toast()).getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(cell('Image 1')).toBeInTheDocument());

    await selectTiles(user, 'Image 3', 'Image 4');
    await user.keyboard('{Delete}');
    await waitFor(() => expect(fake.callsTo('library:trash').at(-1)).toEqual({ selection: { ids: [idOf(fake, 'Image 3'), idOf(fake, 'Image 4')] } }));
    await waitFor(() => expect(cells()).toHaveLength(3));
    expect(toast()).toHaveTextContent('Moved 2 images to the trash');
  });

  it('does nothing to images in the trash (the trash view restores, it does not star or trash)', async () => {
    const items = makeLibrary(2, () => ({ trashedAt: 5 }));
    const { fake, user } = await renderLibrary({ library: [...items, makeItem({ prompt: 'kept' })] });
    await user.click(within(screen.getByRole('navigation', { name: 'Library places' })).getByRole('button', { name: /Trash/ }));
    await waitFor(() => expect(cell('Image 0')).toBeInTheDocument());
    await user.click(cell('Image 0'));
    await user.keyboard('s{Delete}');
    expect(fake.callsTo('library:set-favorite')).toEqual([]);
    expect(fake.callsTo('library:trash')).toEqual([]);
  });
});

describe('job tiles in the gallery', () => {
  it('shows pending and failed jobs before the newest image, in the same rows, outside the item positions', async () => {
    const job = makeJob({ prompt: 'a fox being generated', aspectRatio: '9:16', state: 'sending', startedAt: Date.now() });
    const { fake, user } = await renderLibrary({ library: makeLibrary(6), jobs: [job] });
    await waitFor(() => expect(within(rows()[0]!).getAllByRole('gridcell')[0]).toHaveTextContent('a fox being generated'));
    const first = within(rows()[0]!).getAllByRole('gridcell');
    expect(first[0]).toHaveAttribute('data-aspect', '9:16');
    expect(first[1]).toHaveAccessibleName('Image 0');
    // Cancel is in the tab order; arrows move among images only, and Home is the first image.
    expect(within(first[0]!).getByRole('button', { name: 'Cancel' })).not.toHaveAttribute('tabindex', '-1');
    await user.click(cell('Image 2'));
    await user.keyboard('{Home}');
    expect(cell('Image 0')).toHaveFocus();
    await user.keyboard('{ArrowLeft}');
    expect(cell('Image 0')).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(useViewerStore.getState().id).toBe(idOf(fake, 'Image 0'));
  });

  it('shows a job tile even before the library has any image', async () => {
    const job = makeJob({ prompt: 'the very first image', state: 'queued' });
    await renderLibrary({ library: [], jobs: [job] });
    expect(within(grid()).getAllByRole('gridcell')[0]).toHaveTextContent('the very first image');
    expect(within(library()).queryByText('No images yet')).not.toBeInTheDocument();
  });
});
