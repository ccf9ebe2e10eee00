import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { LibraryItem } from '../../electron/shared/domain';
import { libraryIndexOf } from '../../renderer/src/stores/library-store';
import { closeViewer, openViewer } from '../../renderer/src/stores/viewer-store';
import { makeItem, makeLibrary } from './support/fake-data';
import type { FakeOptions } from './support/fake-reverie';
import { renderApp } from './support/render-app';

afterEach(() => {
  document.querySelectorAll('[data-test-opener]').forEach((element) => element.remove());
});

const dialog = () => screen.getByRole('dialog');
const details = () => within(dialog()).getByRole('region', { name: 'Details' });
const button = (name: string) => within(dialog()).getByRole('button', { name });

/** The details list: what each term says. */
function facts(): Record<string, string> {
  const terms = [...details().querySelectorAll('dt')];
  return Object.fromEntries(terms.map((dt) => [dt.textContent ?? '', dt.nextElementSibling?.textContent ?? '']));
}

/** What a term of the details list says. */
function fact(term: string): string {
  const dt = within(details()).getByText(term, { selector: 'dt' });
  return dt.nextElementSibling?.textContent ?? '';
}

/** Stands in for a library tile: focused, then opens the viewer, as a click on a tile does. */
function openFrom(id: string): HTMLButtonElement {
  const tile = document.createElement('button');
  tile.textContent = 'Tile';
  tile.dataset.testOpener = '';
  document.body.append(tile);
  tile.focus();
  act(() => openViewer(id));
  return tile;
}

async function loaded(id: string) {
  await waitFor(() => expect(libraryIndexOf(id)).toBeGreaterThanOrEqual(0));
}

/** Renders the app on a library (by default just `item`), and opens the viewer on `item` once it is loaded. */
async function viewOne(item: LibraryItem, options: FakeOptions = { library: [item] }) {
  const view = await renderApp(options);
  await loaded(item.id);
  const tile = openFrom(item.id);
  return { ...view, tile };
}

describe('viewer', () => {
  it('shows the original image and the details', async () => {
    const item = makeItem({
      prompt: 'A quiet harbour at dawn, mist over the water',
      aspectRatio: '3:2',
      credits: 126_000,
      byteSize: 2_500_000,
      requestId: 'rsid-harbour',
      createdAt: Date.UTC(2025, 0, 15, 9, 30),
      tags: ['harbour', 'dawn'],
      collectionIds: ['00000000-0000-4000-8000-00000000c011'],
    });
    await viewOne(item, {
      library: [item],
      collections: [{ id: '00000000-0000-4000-8000-00000000c011', name: 'Seascapes', createdAt: 1 }],
    });

    expect(await screen.findByRole('dialog', { name: 'A quiet harbour at dawn, mist over the water' })).toBeInTheDocument();
    const image = within(dialog()).getByRole('img');
    expect(image).toHaveAttribute('src', `reverie-media://library/original/${item.id}`);
    expect(image).toHaveAccessibleName('A quiet harbour at dawn, mist over the water');

    expect(facts()).toMatchObject({
      Prompt: 'A quiet harbour at dawn, mist over the water',
      'Aspect ratio': '3:2',
      'Pixel size': '1248 × 832',
      Model: 'reve/create-image',
      'Request id': 'rsid-harbour',
      Credits: '126,000 credits',
      Cost: '$0.063',
      Created: new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(Date.UTC(2025, 0, 15, 9, 30)),
      'File size': '2.4 MB',
      Status: 'Saved',
      Tags: 'harbour, dawn',
    });
    await waitFor(() => expect(fact('Collections')).toBe('Seascapes'));
  });

  it('names a long prompt by its start, and formats small files in KB', async () => {
    const prompt = `${'A very long prompt about many things '.repeat(5)}end`;
    const item = makeItem({ prompt, byteSize: 1234, credits: null });
    await viewOne(item);
    const name = dialog().getAttribute('aria-label') ?? '';
    expect(name.length).toBeLessThanOrEqual(80);
    expect(name.endsWith('…')).toBe(true);
    expect(prompt.startsWith(name.slice(0, -1))).toBe(true);
    expect(fact('File size')).toBe('1.2 KB');
    expect(fact('Cost')).toBe('Not reported');
  });

  it('moves to the neighbours with ArrowRight and ArrowLeft, and stops at the ends', async () => {
    const newest = makeItem({ prompt: 'Newest', createdAt: 3000 });
    const middle = makeItem({ prompt: 'Middle', createdAt: 2000 });
    const oldest = makeItem({ prompt: 'Oldest', createdAt: 1000 });
    const { user } = await viewOne(middle, { library: [oldest, newest, middle] });
    expect(dialog()).toHaveAccessibleName('Middle');
    expect(dialog()).toHaveTextContent('2 of 3');

    await user.keyboard('{ArrowRight}');
    expect(dialog()).toHaveAccessibleName('Oldest');
    expect(within(dialog()).getByRole('img')).toHaveAttribute('src', `reverie-media://library/original/${oldest.id}`);
    expect(button('Next image')).toHaveAttribute('aria-disabled', 'true');
    await user.keyboard('{ArrowRight}');
    expect(dialog()).toHaveAccessibleName('Oldest');

    await user.keyboard('{ArrowLeft}{ArrowLeft}');
    expect(dialog()).toHaveAccessibleName('Newest');
    expect(dialog()).toHaveTextContent('1 of 3');
    expect(button('Previous image')).toHaveAttribute('aria-disabled', 'true');
    await user.keyboard('{ArrowLeft}');
    expect(dialog()).toHaveAccessibleName('Newest');

    await user.click(button('Next image'));
    expect(dialog()).toHaveAccessibleName('Middle');
  });

  it('loads the next page when stepping past what is loaded, and asks main for an item outside it', async () => {
    const items = makeLibrary(2000);
    const { fake, user } = await renderApp({ library: items });
    await loaded(items[0]!.id);
    const pageEnd = (() => {
      let index = 0;
      while (libraryIndexOf(items[index + 1]!.id) >= 0) index += 1;
      return index;
    })();
    expect(pageEnd).toBeLessThan(1000);

    openFrom(items[pageEnd]!.id);
    expect(dialog()).toHaveAccessibleName(`Image ${pageEnd}`);
    await user.keyboard('{ArrowRight}');
    await waitFor(() => expect(dialog()).toHaveAccessibleName(`Image ${pageEnd + 1}`));
    expect(fake.callsTo('library:list').length).toBeGreaterThan(1);

    // Far outside anything loaded: main answers for the one item.
    act(() => closeViewer());
    const far = items[1999]!;
    expect(libraryIndexOf(far.id)).toBe(-1);
    openFrom(far.id);
    await waitFor(() => expect(dialog()).toHaveAccessibleName('Image 1999'));
    expect(fake.callsTo('library:get')).toContainEqual({ id: far.id });
    expect(fact('Prompt')).toBe('Image 1999');
  });

  it('changes the zoom with Fit, 100%, Zoom in and Zoom out, and with + - 0', async () => {
    const item = makeItem({ prompt: 'Zoomable' });
    const { user } = await viewOne(item);
    const image = () => within(dialog()).getByRole('img');

    expect(image()).toHaveAttribute('data-zoom', 'fit');
    expect(button('Fit')).toHaveAttribute('aria-pressed', 'true');
    expect(button('100%')).toHaveAttribute('aria-pressed', 'false');

    await user.click(button('Zoom in'));
    expect(image()).toHaveAttribute('data-zoom', '125');
    expect(dialog()).toHaveTextContent('Zoom 125%');
    expect(button('Fit')).toHaveAttribute('aria-pressed', 'false');
    expect(image().style.getPropertyValue('--viewer-width')).toBe(`${1248 * 1.25}px`);

    await user.click(button('Zoom in'));
    expect(image()).toHaveAttribute('data-zoom', '156');

    await user.click(button('100%'));
    expect(image()).toHaveAttribute('data-zoom', '100');
    expect(button('100%')).toHaveAttribute('aria-pressed', 'true');

    await user.click(button('Zoom out'));
    expect(image()).toHaveAttribute('data-zoom', 'fit');

    await user.click(button('100%'));
    await user.click(button('Fit'));
    expect(image()).toHaveAttribute('data-zoom', 'fit');
    expect(image().style.getPropertyValue('--viewer-width')).toBe('');

    await user.keyboard('+');
    expect(image()).toHaveAttribute('data-zoom', '125');
    await user.keyboard('+');
    await user.keyboard('-');
    expect(image()).toHaveAttribute('data-zoom', '125');
    await user.keyboard('0');
    expect(image()).toHaveAttribute('data-zoom', 'fit');
  });

  it('zooms with the wheel and pans by dragging once zoomed', async () => {
    const item = makeItem({ prompt: 'Wheel and drag' });
    await viewOne(item);
    const image = () => within(dialog()).getByRole('img');
    const stage = image().parentElement as HTMLElement;

    // Not zoomed: a drag does nothing.
    fireEvent.pointerDown(stage, { pointerId: 1, clientX: 100, clientY: 100 });
    fireEvent.pointerMove(stage, { pointerId: 1, clientX: 140, clientY: 120 });
    fireEvent.pointerUp(stage, { pointerId: 1 });
    expect(image()).toHaveAttribute('data-zoom', 'fit');

    fireEvent.wheel(stage, { deltaY: -200 });
    const zoomed = Number(image().getAttribute('data-zoom'));
    expect(zoomed).toBeGreaterThan(100);

    fireEvent.pointerDown(stage, { pointerId: 1, clientX: 100, clientY: 100 });
    fireEvent.pointerMove(stage, { pointerId: 1, clientX: 140, clientY: 120 });
    fireEvent.pointerUp(stage, { pointerId: 1 });
    expect(image().style.getPropertyValue('--viewer-x')).toBe('40px');
    expect(image().style.getPropertyValue('--viewer-y')).toBe('20px');

    fireEvent.wheel(stage, { deltaY: 5000 });
    expect(image()).toHaveAttribute('data-zoom', 'fit');
  });

  it('closes on Escape and gives focus back to the tile', async () => {
    const item = makeItem({ prompt: 'Closable' });
    const { user, tile } = await viewOne(item);
    expect(dialog()).toContainElement(document.activeElement as HTMLElement);

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(tile).toHaveFocus();

    const second = openFrom(item.id);
    await user.click(button('Close'));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(second).toHaveFocus();
  });

  it('copies the image, the prompt or both through main and says so', async () => {
    const item = makeItem({ prompt: 'Copy me, please' });
    const { fake, user } = await viewOne(item);

    await user.click(button('Copy prompt'));
    expect(fake.callsTo('clipboard:copy')).toEqual([{ id: item.id, what: 'prompt' }]);
    await waitFor(() => expect(within(details()).getByRole('status')).toHaveTextContent('Copied prompt'));
    await user.click(button('Copy image'));
    await waitFor(() => expect(within(details()).getByRole('status')).toHaveTextContent('Copied image'));
    await user.click(button('Copy both'));
    expect(fake.callsTo('clipboard:copy').map((call) => call.what)).toEqual(['prompt', 'image', 'both']);
    await waitFor(() => expect(within(details()).getByRole('status')).toHaveTextContent('Copied image and prompt'));
  });

  it('Ctrl+C copies the image and Ctrl+Shift+C the prompt, but not from a text field or a text selection', async () => {
    const item = makeItem({ prompt: 'Shortcut prompt' });
    const { fake, user } = await viewOne(item);
    await screen.findByRole('dialog', { name: 'Shortcut prompt' });

    await user.keyboard('{Control>}c{/Control}');
    await user.keyboard('{Control>}{Shift>}C{/Shift}{/Control}');
    expect(fake.callsTo('clipboard:copy')).toEqual([
      { id: item.id, what: 'image' },
      { id: item.id, what: 'prompt' },
    ]);

    const selection = window.getSelection();
    selection?.selectAllChildren(within(details()).getByText('Shortcut prompt', { selector: '.viewer-prompt' }));
    fireEvent.keyDown(dialog(), { key: 'c', ctrlKey: true });
    selection?.removeAllRanges();
    expect(fake.callsTo('clipboard:copy')).toHaveLength(2);
  });

  it('shows why nothing was copied when main refuses', async () => {
    const item = makeItem({ prompt: 'Refused copy' });
    const { fake, user } = await viewOne(item);
    fake.reply('clipboard:copy', { ok: false, error: { code: 'storage', message: 'The image file could not be read.' } });

    await user.click(button('Copy image'));
    expect(await within(dialog()).findByRole('alert')).toHaveTextContent('The image file could not be read.');
  });

  it('the image at Fit drags out as a native file drag of that image', async () => {
    const item = makeItem({ prompt: 'Drag me out' });
    const { fake } = await viewOne(item);
    const image = within(dialog()).getByRole('img');
    expect(image).toHaveAttribute('draggable', 'true');

    fireEvent.pointerDown(image, { button: 0 });
    await waitFor(() => expect(fake.callsTo('drag:prepare')).toContainEqual({ ids: [item.id] }));
    const notCancelled = fireEvent.dragStart(image);
    expect(notCancelled).toBe(false);
    await waitFor(() => expect(fake.callsTo('drag:start')).toEqual([{ ids: [item.id] }]));
  });

  it('says why a drag out of the viewer did not start', async () => {
    const item = makeItem({ prompt: 'No drag' });
    const { fake } = await viewOne(item);
    fake.reply('drag:start', { ok: false, error: { code: 'internal', message: 'The drag could not start: its picture could not be made.' } });

    fireEvent.dragStart(within(dialog()).getByRole('img'));
    expect(await within(dialog()).findByRole('alert')).toHaveTextContent('The drag could not start: its picture could not be made.');
  });

  it('“Export…” opens the export dialog for this one image', async () => {
    const item = makeItem({ prompt: 'Export me' });
    const { user } = await viewOne(item);

    await user.click(button('Export…'));
    const exportDialog = await screen.findByRole('dialog', { name: 'Export' });
    expect(within(exportDialog).getByText('1 image')).toBeInTheDocument();
  });

  it('“Use these settings” fills the composer, closes, focuses the prompt and sends nothing', async () => {
    const item = makeItem({ prompt: 'A fox under a lantern', aspectRatio: '2:3' });
    const { fake, user } = await viewOne(item);

    await user.click(button('Use these settings'));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    const prompt = screen.getByRole('textbox', { name: 'Prompt' });
    expect(prompt).toHaveValue('A fox under a lantern');
    expect(prompt).toHaveFocus();
    expect(screen.getByRole('radio', { name: '2:3' })).toBeChecked();
    expect(fake.callsTo('generate:enqueue')).toEqual([]);
  });

  it('shows a placeholder and the details for an item without an image', async () => {
    const refused = makeItem({ prompt: 'Refused prompt', status: 'refused', fileHash: null, byteSize: null, width: null, height: null, mimeType: null });
    const missing = makeItem({ prompt: 'Missing file', fileMissing: true, createdAt: 1 });
    const { user } = await viewOne(refused, { library: [refused, missing] });

    expect(within(dialog()).queryByRole('img')).not.toBeInTheDocument();
    expect(dialog()).toHaveTextContent('No image: the API refused this prompt');
    expect(facts()).toMatchObject({ Status: 'Refused by the API’s content policy', 'Pixel size': 'Unknown', 'File size': 'No file' });
    expect(button('Zoom in')).toHaveAttribute('aria-disabled', 'true');

    await user.keyboard('{ArrowRight}');
    expect(dialog()).toHaveAccessibleName('Missing file');
    expect(within(dialog()).queryByRole('img')).not.toBeInTheDocument();
    expect(dialog()).toHaveTextContent('The image file is missing from the library folder.');
    expect(fact('Status')).toBe('File missing from the library folder');
  });

  it('keeps the shown item fresh from main’s events', async () => {
    const item = makeItem({ prompt: 'Tag me' });
    const { fake } = await viewOne(item);
    act(() => fake.emit('library:item-updated', { ...item, tags: ['fresh'] }));
    expect(fact('Tags')).toBe('fresh');
  });
});
