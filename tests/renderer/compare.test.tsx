import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { EDIT_MODEL_ID } from '../../electron/shared/constants';
import { setComparePane } from '../../renderer/src/features/compare/compare-store';
import { libraryIndexOf } from '../../renderer/src/stores/library-store';
import { openViewer } from '../../renderer/src/stores/viewer-store';
import { makeItem, makeLibrary } from './support/fake-data';
import { renderLibrary, selectionActions, selectTiles } from './support/library-grid';
import { useLibraryGridLayout } from './support/library-grid-layout';
import { renderApp } from './support/render-app';

useLibraryGridLayout();

const compare = () => screen.getByRole('dialog', { name: 'Compare' });
/** Each image's layer: what the shared zoom and pan reach. */
const layers = () => [...compare().querySelectorAll<HTMLElement>('.compare-layer')];
const zooms = () => layers().map((layer) => layer.dataset.zoom);
const pans = () => layers().map((layer) => `${layer.style.getPropertyValue('--compare-x')} ${layer.style.getPropertyValue('--compare-y')}`);

describe('compare', () => {
  it('opens from a selection of exactly two, side by side; the keyboard moves the slider, zooms and pans both as one', async () => {
    const items = makeLibrary(4);
    const { user } = await renderLibrary({ library: items });

    await selectTiles(user, 'Image 1');
    expect(within(selectionActions()).queryByRole('button', { name: 'Compare' })).toBeNull();
    await selectTiles(user, 'Image 1', 'Image 2');
    const opener = within(selectionActions()).getByRole('button', { name: 'Compare' });
    await user.click(opener);

    const dialog = await screen.findByRole('dialog', { name: 'Compare' });
    // The older on the left.
    expect(
      within(dialog)
        .getAllByRole('img')
        .map((image) => image.getAttribute('alt')),
    ).toEqual(['Image 2', 'Image 1']);
    expect(within(dialog).getAllByRole('img')[0]).toHaveAttribute('src', `reverie-media://library/original/${items[2]!.id}`);
    expect(within(dialog).getByRole('button', { name: 'Side by side' })).toHaveAttribute('aria-pressed', 'true');
    expect(dialog).toHaveFocus();

    // O: the slider overlay, divided in the middle; Left/Right move it.
    await user.keyboard('o');
    expect(within(dialog).getByRole('button', { name: 'Slider' })).toHaveAttribute('aria-pressed', 'true');
    const slider = within(dialog).getByRole('slider', { name: 'Divider position' });
    expect(slider).toHaveAttribute('aria-valuenow', '50');
    await user.keyboard('{ArrowRight}{ArrowRight}');
    expect(slider).toHaveAttribute('aria-valuenow', '60');
    await user.keyboard('{ArrowLeft}');
    expect(slider).toHaveAttribute('aria-valuenow', '55');
    slider.focus();
    await user.keyboard('{Home}');
    expect(slider).toHaveAttribute('aria-valuenow', '0');
    await user.keyboard('{End}');
    expect(slider).toHaveAttribute('aria-valuenow', '100');
    expect(slider).toHaveAttribute('aria-valuetext', '100%: First on the left, Second on the right');

    // + zooms both images; jsdom lays nothing out, so the pane's size is given as the stage would measure it.
    act(() => setComparePane(800, 600));
    await user.keyboard('+');
    expect(zooms()).toEqual(['125', '125']);
    await user.keyboard('{Shift>}{ArrowRight}{ArrowDown}{/Shift}');
    expect(pans()).toEqual(['-40px -40px', '-40px -40px']);

    // Back side by side: the same zoom on both panes, and a pan moves both (each pane is half as wide).
    await user.keyboard('s');
    expect(within(dialog).getAllByRole('img')).toHaveLength(2);
    expect(zooms()).toEqual(['125', '125']);
    act(() => setComparePane(400, 600));
    await user.keyboard('{Shift>}{ArrowLeft}{ArrowUp}{/Shift}');
    expect(pans()).toEqual(['40px 40px', '40px 40px']);
    await user.click(within(dialog).getByRole('button', { name: 'Zoom in' }));
    expect(zooms()).toEqual(['156', '156']);
    await user.keyboard('-');
    expect(zooms()).toEqual(['125', '125']);
    await user.keyboard('0');
    expect(zooms()).toEqual(['100', '100']);
    expect(pans()).toEqual(['0px 0px', '0px 0px']);
    expect(within(dialog).getByRole('button', { name: 'Fit' })).toHaveAttribute('aria-pressed', 'true');

    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Compare' })).toBeNull());
    expect(opener).toHaveFocus();
  });

  it('opens from the viewer on an edit and its source, over the viewer, source on the left', async () => {
    const source = makeItem({ prompt: 'A red bicycle against a brick wall', createdAt: 1_700_000_000_000 });
    const edit = makeItem({ prompt: 'Make the bicycle blue', model: EDIT_MODEL_ID, sources: [source.id], createdAt: 1_700_000_001_000 });
    const { user } = await renderApp({ library: [edit, source] });
    await waitFor(() => expect(libraryIndexOf(edit.id)).toBeGreaterThanOrEqual(0));
    act(() => openViewer(edit.id));
    const viewer = await screen.findByRole('dialog', { name: edit.prompt });

    const button = await within(viewer).findByRole('button', { name: 'Compare with source' });
    await user.click(button);
    const dialog = await screen.findByRole('dialog', { name: 'Compare' });
    expect(
      within(dialog)
        .getAllByRole('img')
        .map((image) => image.getAttribute('alt')),
    ).toEqual([source.prompt, edit.prompt]);
    expect(dialog).toHaveTextContent('Source');
    expect(dialog).toHaveTextContent('Edit');

    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Compare' })).toBeNull());
    // The viewer is still open under it, and has its button back in focus.
    expect(screen.getByRole('dialog', { name: edit.prompt })).toBeInTheDocument();
    expect(button).toHaveFocus();
  });

  it('offers no Compare with source for a source that is gone', async () => {
    const edit = makeItem({ prompt: 'Make the bicycle blue', model: EDIT_MODEL_ID, sources: ['00000000-0000-4000-8000-0000000d0e1e'] });
    await renderApp({ library: [edit] });
    await waitFor(() => expect(libraryIndexOf(edit.id)).toBeGreaterThanOrEqual(0));
    act(() => openViewer(edit.id));
    const viewer = await screen.findByRole('dialog', { name: edit.prompt });
    await within(viewer).findByText('No longer in the library');
    expect(within(viewer).queryByRole('button', { name: 'Compare with source' })).toBeNull();
  });

  it('says so, in an alert, when one of the two has no image', async () => {
    const items = makeLibrary(3, (index) => (index === 1 ? { status: 'refused', fileHash: null, byteSize: null, mimeType: null } : {}));
    const { user } = await renderLibrary({ library: items });
    await selectTiles(user, 'Image 0', 'Image 1');
    await user.click(within(selectionActions()).getByRole('button', { name: 'Compare' }));
    const dialog = await screen.findByRole('dialog', { name: 'Compare' });
    expect(within(dialog).getByRole('alert')).toHaveTextContent('“Image 1” has no image to compare.');
    expect(within(dialog).queryAllByRole('img')).toHaveLength(0);
  });
});
