import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeLibrary } from './support/fake-data';
import { cell, idOf, idsOf, library, renderLibrary, selectTiles, toast } from './support/library-grid';
import { useLibraryGridLayout } from './support/library-grid-layout';
import { onlyCallTo } from './support/render-app';

useLibraryGridLayout();

const menu = () => screen.getByRole('menu', { name: 'Image actions' });
/** An 8-image library ("Image 0" … "Image 7") on screen. */
const renderEight = () => renderLibrary({ library: makeLibrary(8) });

describe('copy from the grid', () => {
  it('Ctrl+C on a focused tile copies its image, Ctrl+Shift+C its prompt, and says so', async () => {
    const { fake, user } = await renderEight();
    await user.click(cell('Image 2'));
    expect(cell('Image 2')).toHaveFocus();

    await user.keyboard('{Control>}c{/Control}');
    await waitFor(() => expect(toast()).toHaveTextContent('Copied image'));
    await user.keyboard('{Meta>}{Shift>}C{/Shift}{/Meta}');
    await waitFor(() => expect(toast()).toHaveTextContent('Copied prompt'));
    expect(fake.callsTo('clipboard:copy')).toEqual([
      { id: idOf(fake, 'Image 2'), what: 'image' },
      { id: idOf(fake, 'Image 2'), what: 'prompt' },
    ]);
  });

  it('Ctrl+C in the search field is the field’s own', async () => {
    const { fake, user } = await renderEight();
    const search = within(library()).getAllByRole('searchbox')[0] ?? within(library()).getAllByRole('textbox')[0]!;
    await user.click(search);
    await user.keyboard('{Control>}c{/Control}');
    expect(fake.callsTo('clipboard:copy')).toHaveLength(0);
  });

  it('right-click opens the tile’s menu: Copy image, Copy prompt, Copy both, Use as reference, Export…, Open', async () => {
    const { fake, user } = await renderEight();
    await user.pointer({ keys: '[MouseRight]', target: cell('Image 4') });
    expect(
      within(menu())
        .getAllByRole('menuitem')
        .map((item) => item.textContent),
    ).toEqual(['Copy image', 'Copy prompt', 'Copy both', 'Use as reference', 'Export…', 'Open']);
    expect(within(menu()).getByRole('menuitem', { name: 'Copy image' })).toHaveFocus();

    await user.click(within(menu()).getByRole('menuitem', { name: 'Copy both' }));
    expect(fake.callsTo('clipboard:copy')).toEqual([{ id: idOf(fake, 'Image 4'), what: 'both' }]);
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    expect(cell('Image 4')).toHaveFocus();
    await waitFor(() => expect(toast()).toHaveTextContent('Copied image and prompt'));
  });

  it('Shift+F10 and the Menu key open the menu; arrows move, Escape closes back to the tile', async () => {
    const { user } = await renderEight();
    await user.click(cell('Image 1'));
    await user.keyboard('{Shift>}{F10}{/Shift}');
    expect(within(menu()).getByRole('menuitem', { name: 'Copy image' })).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    expect(within(menu()).getByRole('menuitem', { name: 'Copy prompt' })).toHaveFocus();
    await user.keyboard('{ArrowUp}{ArrowUp}');
    expect(within(menu()).getByRole('menuitem', { name: 'Open' })).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    await waitFor(() => expect(cell('Image 1')).toHaveFocus());

    fireEvent.keyDown(cell('Image 1'), { key: 'ContextMenu' });
    expect(menu()).toBeInTheDocument();
  });

  it('“Open” opens the viewer and “Export…” exports the selection the tile is in', async () => {
    const { user } = await renderEight();
    await selectTiles(user, 'Image 1', 'Image 2');

    await user.pointer({ keys: '[MouseRight]', target: cell('Image 2') });
    await user.click(within(menu()).getByRole('menuitem', { name: 'Export…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Export' });
    expect(within(dialog).getByText('2 images')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));

    await user.pointer({ keys: '[MouseRight]', target: cell('Image 5') });
    await user.click(within(menu()).getByRole('menuitem', { name: 'Open' }));
    expect(await screen.findByRole('dialog', { name: 'Image 5' })).toBeInTheDocument();
  });
});

describe('the tile’s More actions button', () => {
  it('offers the context menu’s actions; Open opens the viewer, and Escape returns to the button', async () => {
    const { fake, user } = await renderEight();
    const more = within(cell('Image 3')).getByRole('button', { name: 'More actions' });
    // Part of the grid's one tab stop: only the focused tile's buttons are in the tab order.
    expect(more).toHaveAttribute('tabindex', '-1');
    expect(more).toHaveAttribute('aria-haspopup', 'menu');
    await user.click(more);
    // The grid's one menu, opened at the button: the button is its menu button while it is open.
    expect(more).toHaveAttribute('aria-expanded', 'true');
    expect(
      within(menu())
        .getAllByRole('menuitem')
        .map((item) => item.textContent),
    ).toEqual(['Copy image', 'Copy prompt', 'Copy both', 'Use as reference', 'Export…', 'Open']);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    await waitFor(() => expect(more).toHaveFocus());
    expect(more).not.toHaveAttribute('aria-expanded');

    // From the keyboard: Enter on the button opens the menu on its first action.
    await user.keyboard('{Enter}');
    await waitFor(() => expect(within(menu()).getByRole('menuitem', { name: 'Copy image' })).toHaveFocus());
    await user.keyboard('{Escape}');
    await waitFor(() => expect(more).toHaveFocus());

    await user.click(more);
    await user.click(within(menu()).getByRole('menuitem', { name: 'Copy prompt' }));
    await waitFor(() => expect(fake.callsTo('clipboard:copy')).toEqual([{ id: idOf(fake, 'Image 3'), what: 'prompt' }]));

    await user.click(within(cell('Image 3')).getByRole('button', { name: 'More actions' }));
    await user.click(within(menu()).getByRole('menuitem', { name: 'Open' }));
    const viewer = await screen.findByRole('dialog', { name: 'Image 3' });
    await waitFor(() => expect(viewer.contains(document.activeElement)).toBe(true));
  });
});

describe('drag out of the grid', () => {
  it('a selected tile drags the whole selection (it first) and stops the HTML drag', async () => {
    const { fake, user } = await renderEight();
    await selectTiles(user, 'Image 1', 'Image 3', 'Image 6');

    expect(cell('Image 3')).toHaveAttribute('draggable', 'true');
    const notCancelled = fireEvent.dragStart(cell('Image 3'));
    expect(notCancelled).toBe(false);
    const { ids } = await onlyCallTo(fake, 'drag:start');
    expect(ids[0]).toBe(idOf(fake, 'Image 3'));
    expect([...ids].sort()).toEqual(idsOf(fake, 'Image 1', 'Image 3', 'Image 6').sort());
  });

  it('a tile outside the selection drags only itself', async () => {
    const { fake, user } = await renderEight();
    await user.click(cell('Image 1'));
    const notCancelled = fireEvent.dragStart(cell('Image 2'));
    expect(notCancelled).toBe(false);
    await waitFor(() => expect(fake.callsTo('drag:start')).toEqual([{ ids: idsOf(fake, 'Image 2') }]));
  });

  it('asks main to make a drag ready before it starts: on a new selection, and on a press on a tile', async () => {
    const { fake, user } = await renderEight();
    await selectTiles(user, 'Image 1', 'Image 3');
    await waitFor(() => expect(fake.callsTo('drag:prepare').at(-1)).toEqual({ ids: idsOf(fake, 'Image 1', 'Image 3') }));

    // A press on a tile outside the selection readies that tile (it is what a drag from there takes).
    fireEvent.pointerDown(cell('Image 5'), { button: 0 });
    await waitFor(() => expect(fake.callsTo('drag:prepare').at(-1)).toEqual({ ids: idsOf(fake, 'Image 5') }));
    const before = fake.callsTo('drag:prepare').length;
    fireEvent.pointerDown(cell('Image 6'), { button: 2 });
    expect(fake.callsTo('drag:prepare')).toHaveLength(before);
  });

  it('shows why a drag did not start', async () => {
    const { fake } = await renderEight();
    fake.reply('drag:start', { ok: false, error: { code: 'internal', message: 'The drag could not start: its picture could not be made.' } });
    fireEvent.dragStart(cell('Image 2'));
    expect(await within(library()).findByRole('alert')).toHaveTextContent('The drag could not start: its picture could not be made.');
  });

  it('says when the originals went because the converted copies were not ready', async () => {
    const { fake } = await renderLibrary({ library: makeLibrary(8), settings: { dragFormat: 'png' } });
    fake.reply('drag:start', { ok: true, value: { files: 1, format: 'original', skipped: 0 } });
    fireEvent.dragStart(cell('Image 2'));
    await waitFor(() => expect(toast()).toHaveTextContent('The PNG copies were not ready yet, so the original files were dragged.'));
  });
});
