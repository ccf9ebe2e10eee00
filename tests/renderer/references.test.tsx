import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { appError, fail, ok } from '../../electron/shared/errors';
import { makeLibrary } from './support/fake-data';
import { cell, idOf, idsOf, renderLibrary, selectionActions, selectTiles } from './support/library-grid';
import { useLibraryGridLayout } from './support/library-grid-layout';
import type { RenderedApp } from './support/render-app';
import type { FakeOptions } from './support/fake-reverie';

useLibraryGridLayout();

/** A real 1×1 PNG. */
const PNG = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='), (char) => char.charCodeAt(0));
const png = (name: string) => new File([PNG], name, { type: 'image/png' });

const composer = () => screen.getByRole('form', { name: 'Compose' });
const promptBox = () => screen.getByRole('textbox', { name: 'Prompt' });
const references = () => screen.queryByRole('list', { name: 'References' });
const referenceAlts = () =>
  references()
    ? within(references()!)
        .getAllByRole('img')
        .map((img) => img.getAttribute('alt'))
    : [];
const modeGroup = () => screen.getByRole('radiogroup', { name: 'Mode' });
const mode = (name: 'Create' | 'Edit' | 'Remix') => within(modeGroup()).getByRole('radio', { name });
const checkedMode = () => within(modeGroup()).getByRole('radio', { checked: true });
const generateButton = () => screen.getByRole('button', { name: /^Generate/ });
const ratioGroup = () => screen.getByRole('radiogroup', { name: 'Aspect ratio' });

/** Six images, "Image 0" … "Image 5"; Image 1 is portrait (2:3), the others 3:2. */
const renderSix = (options: FakeOptions = {}) => renderLibrary({ library: makeLibrary(6, (index) => (index === 1 ? { aspectRatio: '2:3' } : {})), ...options });

async function useAsReference(user: RenderedApp['user'], name: string) {
  await user.pointer({ keys: '[MouseRight]', target: cell(name) });
  await user.click(within(screen.getByRole('menu', { name: 'Image actions' })).getByRole('menuitem', { name: 'Use as reference' }));
}

function dropOn(target: Element, files: File[]) {
  const dataTransfer = { types: ['Files'], files, dropEffect: 'none' };
  fireEvent.dragEnter(target, { dataTransfer });
  fireEvent.dragOver(target, { dataTransfer });
  fireEvent.drop(target, { dataTransfer });
}

describe('references in the prompt bar', () => {
  it('starts in Create with no references; Edit and Remix cannot be picked yet', async () => {
    await renderSix();
    expect(references()).not.toBeInTheDocument();
    expect(checkedMode()).toBe(mode('Create'));
    expect(mode('Edit')).toHaveAttribute('aria-disabled', 'true');
    expect(mode('Edit')).toHaveAccessibleDescription('Edit needs one reference image.');
    expect(mode('Remix')).toHaveAttribute('aria-disabled', 'true');
    expect(promptBox()).toHaveAttribute('placeholder', 'Describe the image you want…');
  });

  it('follows the references: one is an edit (its ratio, picker disabled), two a remix; the user can pick another mode that fits', async () => {
    const { fake, user } = await renderSix();
    await useAsReference(user, 'Image 1');
    expect(referenceAlts()).toEqual(['Image 1']);
    expect(checkedMode()).toBe(mode('Edit'));
    // Still the textbox "Prompt", with the edit's hint.
    expect(promptBox()).toHaveAttribute('placeholder', 'Describe the edit…');
    expect(ratioGroup()).toBeDisabled();
    expect(ratioGroup()).toHaveAccessibleDescription('Kept from the source');
    expect(within(ratioGroup()).getByRole('radio', { name: '2:3' })).toBeChecked();
    await user.type(promptBox(), 'Make it night');
    // The estimate is the edit model's (210,000 credits ≈ $0.105).
    expect(generateButton()).toHaveAccessibleDescription('Estimated cost ≈ $0.11 for 1 image.');
    await user.click(generateButton());
    await waitFor(() => expect(fake.callsTo('generate:enqueue')).toHaveLength(1));
    expect(fake.callsTo('generate:enqueue')[0]).toMatchObject({ model: 'reve/edit-image', sources: [idOf(fake, 'Image 1')], aspectRatios: ['2:3'] });
    // Sent: prompt and references stay for the next try.
    expect(promptBox()).toHaveValue('Make it night');
    expect(referenceAlts()).toEqual(['Image 1']);

    await useAsReference(user, 'Image 3');
    expect(referenceAlts()).toEqual(['Image 1', 'Image 3']);
    expect(checkedMode()).toBe(mode('Remix'));
    expect(mode('Edit')).toHaveAttribute('aria-disabled', 'true');
    expect(ratioGroup()).toBeEnabled();
    await user.click(within(ratioGroup()).getByRole('radio', { name: '16:9' }));
    await user.click(generateButton());
    await waitFor(() => expect(fake.callsTo('generate:enqueue')).toHaveLength(2));
    expect(fake.callsTo('generate:enqueue')[1]).toMatchObject({
      model: 'reve/remix-edit-image',
      sources: idsOf(fake, 'Image 1', 'Image 3'),
      aspectRatios: ['16:9'],
    });

    // Create keeps the references on screen but sends none.
    await user.click(mode('Create'));
    expect(checkedMode()).toBe(mode('Create'));
    expect(screen.getByText('References are kept but not sent in Create.')).toBeInTheDocument();
    await user.click(generateButton());
    await waitFor(() => expect(fake.callsTo('generate:enqueue')).toHaveLength(3));
    expect(fake.callsTo('generate:enqueue')[2]).toMatchObject({ model: 'reve/create-image', sources: [] });
    expect(referenceAlts()).toEqual(['Image 1', 'Image 3']);

    // A single reference can be remixed too, when picked.
    await user.click(within(references()!).getAllByRole('button', { name: 'Remove reference' })[1]!);
    expect(checkedMode()).toBe(mode('Edit'));
    await user.click(mode('Remix'));
    expect(checkedMode()).toBe(mode('Remix'));
    await user.click(generateButton());
    await waitFor(() => expect(fake.callsTo('generate:enqueue')).toHaveLength(4));
    expect(fake.callsTo('generate:enqueue')[3]).toMatchObject({ model: 'reve/remix-edit-image', sources: [idOf(fake, 'Image 1')] });
  });

  it('removes a reference; focus goes to the next one, then to the prompt, and the mode follows back to Create', async () => {
    const { user } = await renderSix();
    await useAsReference(user, 'Image 0');
    await useAsReference(user, 'Image 2');
    const removes = () => within(references()!).getAllByRole('button', { name: 'Remove reference' });
    await user.click(removes()[0]!);
    expect(referenceAlts()).toEqual(['Image 2']);
    await waitFor(() => expect(removes()[0]).toHaveFocus());
    expect(checkedMode()).toBe(mode('Edit'));
    await user.keyboard('{Enter}');
    expect(references()).not.toBeInTheDocument();
    await waitFor(() => expect(promptBox()).toHaveFocus());
    expect(checkedMode()).toBe(mode('Create'));
  });

  it('refuses a fifth reference with a sentence and keeps the four; Remix on a selection of five adds nothing', async () => {
    const { fake, user } = await renderSix();
    for (const name of ['Image 0', 'Image 1', 'Image 2', 'Image 3']) await useAsReference(user, name);
    expect(referenceAlts()).toEqual(['Image 0', 'Image 1', 'Image 2', 'Image 3']);
    await useAsReference(user, 'Image 4');
    expect(within(composer()).getByRole('alert')).toHaveTextContent(
      'A remix takes at most 4 references; 4 are already in the prompt bar, so this image was not added. Remove some references first.',
    );
    expect(referenceAlts()).toEqual(['Image 0', 'Image 1', 'Image 2', 'Image 3']);

    await selectTiles(user, 'Image 0', 'Image 1', 'Image 2', 'Image 3', 'Image 4');
    await user.click(within(selectionActions()).getByRole('button', { name: 'Remix' }));
    expect(within(composer()).getByRole('alert')).toHaveTextContent('A remix takes at most 4 images, and 5 are selected. Select 4 or fewer.');
    expect(referenceAlts()).toEqual(['Image 0', 'Image 1', 'Image 2', 'Image 3']);
    expect(fake.callsTo('generate:enqueue')).toEqual([]);
  });

  it('Remix on a selection of two makes them the references, in the order picked', async () => {
    const { user } = await renderSix();
    await selectTiles(user, 'Image 3', 'Image 0');
    await user.click(within(selectionActions()).getByRole('button', { name: 'Remix' }));
    expect(referenceAlts()).toEqual(['Image 3', 'Image 0']);
    expect(checkedMode()).toBe(mode('Remix'));
    expect(promptBox()).toHaveFocus();
  });

  it('imports images dropped on the bar, then uses them as references (the window does not import them again)', async () => {
    const { fake } = await renderSix();
    dropOn(promptBox(), [png('harbour.png')]);
    await waitFor(() => expect(referenceAlts()).toEqual(['harbour']));
    expect(fake.callsTo('library:import')).toHaveLength(1);
    expect(fake.callsTo('library:import')[0]!.files.map(({ name }) => name)).toEqual(['harbour.png']);
    expect(fake.callsTo('library:import')[0]!.files[0]!.bytes).toEqual(PNG);
    expect(checkedMode()).toBe(mode('Edit'));
    // The window's drop overlay is gone.
    expect(screen.queryByText('Drop images to add them to the library')).not.toBeInTheDocument();
  });

  it('while files are dragged over the prompt bar, the window says they become references', async () => {
    await renderSix();
    const dataTransfer = { types: ['Files'], files: [png('harbour.png')], dropEffect: 'none' };
    fireEvent.dragEnter(promptBox(), { dataTransfer });
    fireEvent.dragOver(promptBox(), { dataTransfer });
    expect(screen.getByText('Drop images to use them as references')).toBeInTheDocument();
    fireEvent.dragOver(document.body, { dataTransfer });
    expect(screen.getByText('Drop images to add them to the library')).toBeInTheDocument();
  });

  it('a dropped file the library already holds is that item as the reference, not a copy and not "not used"', async () => {
    const { fake } = await renderSix();
    const held = fake.library.find((item) => item.prompt === 'Image 2')!;
    fake.reply('library:import', ({ files }) =>
      ok({
        imported: [],
        skipped: files.map(({ name }) => ({ name, reason: 'Already in the library.' })),
        existing: files.map(({ name }) => ({ name, item: held })),
      }),
    );
    dropOn(promptBox(), [png('image 2 again.png')]);
    await waitFor(() => expect(referenceAlts()).toEqual(['Image 2']));
    expect(checkedMode()).toBe(mode('Edit'));
    expect(within(composer()).queryByRole('alert')).not.toBeInTheDocument();
    expect(within(composer()).queryByText(/not used/)).not.toBeInTheDocument();
  });

  it('refuses a drop that would pass four references before importing anything', async () => {
    const { fake } = await renderSix();
    dropOn(composer(), [png('a.png'), png('b.png'), png('c.png'), png('d.png'), png('e.png')]);
    expect(within(composer()).getByRole('alert')).toHaveTextContent(
      'A remix takes at most 4 references; these 5 images were not added. Remove some references first.',
    );
    expect(fake.callsTo('library:import')).toEqual([]);
    expect(references()).not.toBeInTheDocument();
  });

  it('imports a pasted image and uses it; pasted text stays text', async () => {
    const { fake, user } = await renderSix();
    await user.click(promptBox());
    await user.paste('Lanterns');
    expect(promptBox()).toHaveValue('Lanterns');
    fireEvent.paste(promptBox(), { clipboardData: { files: [png('screenshot.png')], types: ['Files'], getData: () => '' } });
    await waitFor(() => expect(referenceAlts()).toEqual(['screenshot']));
    expect(fake.callsTo('library:import')).toHaveLength(1);
    expect(promptBox()).toHaveValue('Lanterns');
  });

  it('the viewer’s Edit makes the image the one source and Remix adds it; the viewer closes onto the prompt', async () => {
    const { user } = await renderSix();
    await useAsReference(user, 'Image 0');
    await user.click(cell('Image 2'));
    await user.keyboard('{Enter}');
    const viewer = await screen.findByRole('dialog', { name: 'Image 2' });
    await user.click(within(viewer).getByRole('button', { name: 'Edit' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Image 2' })).not.toBeInTheDocument());
    expect(referenceAlts()).toEqual(['Image 2']);
    expect(checkedMode()).toBe(mode('Edit'));
    await waitFor(() => expect(promptBox()).toHaveFocus());

    await user.click(cell('Image 4'));
    await user.keyboard('{Enter}');
    await user.click(within(await screen.findByRole('dialog', { name: 'Image 4' })).getByRole('button', { name: 'Remix' }));
    expect(referenceAlts()).toEqual(['Image 2', 'Image 4']);
    expect(checkedMode()).toBe(mode('Remix'));
  });

  it('keeps the prompt and the references when main refuses the request', async () => {
    const { fake, user } = await renderSix();
    fake.reply('generate:enqueue', fail(appError('invalid-input', 'That reference is no longer in the library.')));
    await useAsReference(user, 'Image 2');
    await user.type(promptBox(), 'Warmer light');
    await user.click(generateButton());
    expect(await within(composer()).findByRole('alert')).toHaveTextContent('That reference is no longer in the library.');
    expect(promptBox()).toHaveValue('Warmer light');
    expect(referenceAlts()).toEqual(['Image 2']);
  });
});
