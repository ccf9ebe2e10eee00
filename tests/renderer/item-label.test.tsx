import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { itemLabel } from '../../renderer/src/features/library/format';
import { libraryIndexOf } from '../../renderer/src/stores/library-store';
import { openViewer } from '../../renderer/src/stores/viewer-store';
import { makeItem } from './support/fake-data';
import { renderApp } from './support/render-app';

/** What an image is called where it is named: its prompt, else its title (an import's file name), else "Untitled image". */
describe('item label', () => {
  it('is the prompt, else the title, else "Untitled image"; blank counts as none', () => {
    expect(itemLabel({ prompt: 'a kite over the dunes', title: 'IMG_1' })).toBe('a kite over the dunes');
    expect(itemLabel({ prompt: '', title: 'IMG_1' })).toBe('IMG_1');
    expect(itemLabel({ prompt: '  \n', title: ' IMG_1 ' })).toBe('IMG_1');
    expect(itemLabel({ prompt: '', title: null })).toBe('Untitled image');
    expect(itemLabel({ prompt: ' ', title: '  ' })).toBe('Untitled image');
  });

  it("names an imported picture without a prompt by its file name in the viewer's dialog and image", async () => {
    const item = makeItem({ prompt: '', title: 'IMG_2041 holiday', origin: 'imported' });
    await renderApp({ library: [item] });
    await waitFor(() => expect(libraryIndexOf(item.id)).toBeGreaterThanOrEqual(0));

    act(() => openViewer(item.id));

    const dialog = await screen.findByRole('dialog', { name: 'IMG_2041 holiday' });
    expect(within(dialog).getByRole('img', { name: 'IMG_2041 holiday' })).toBeInTheDocument();
  });
});
