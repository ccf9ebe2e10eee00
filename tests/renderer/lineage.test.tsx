import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { EDIT_MODEL_ID, REMIX_MODEL_ID } from '../../electron/shared/constants';
import type { LibraryItem } from '../../electron/shared/domain';
import { libraryIndexOf, useLibraryStore } from '../../renderer/src/stores/library-store';
import { openViewer } from '../../renderer/src/stores/viewer-store';
import { makeItem } from './support/fake-data';
import type { FakeOptions } from './support/fake-reverie';
import { useLibraryGridLayout } from './support/library-grid-layout';
import { renderApp } from './support/render-app';

useLibraryGridLayout();

const viewer = () => screen.getByRole('dialog');
const region = (name: string) => within(viewer()).getByRole('region', { name });
const BASE_TIME = 1_700_000_000_000;

/** A source, an edit of it and a remix of the edit with a source that is gone: a small family. */
function family() {
  const source = makeItem({ prompt: 'A red bicycle against a brick wall', createdAt: BASE_TIME });
  const edit = makeItem({
    prompt: 'Make the bicycle blue',
    model: EDIT_MODEL_ID,
    sources: [source.id],
    clientRequestId: 'job-7f3a',
    inferenceId: 'inf-42-abc',
    createdAt: BASE_TIME + 1000,
  });
  const goneId = '00000000-0000-4000-8000-0000000d0e1e';
  const remix = makeItem({ prompt: 'Put the blue bicycle on a beach', model: REMIX_MODEL_ID, sources: [edit.id, goneId], createdAt: BASE_TIME + 2000 });
  const stranger = makeItem({ prompt: 'An unrelated teapot', createdAt: BASE_TIME + 3000 });
  return { source, edit, remix, stranger, goneId };
}

/** Renders the app and opens the viewer on `item` from a stand-in tile that has focus, as a click on a tile would. */
async function view(item: LibraryItem, options: FakeOptions) {
  const rendered = await renderApp(options);
  await waitFor(() => expect(libraryIndexOf(item.id)).toBeGreaterThanOrEqual(0));
  act(() => openViewer(item.id));
  await screen.findByRole('dialog', { name: item.prompt });
  return rendered;
}

describe('viewer lineage', () => {
  it('an edit shows "Edited from" with its source; the source opens in the viewer and lists the edit under Versions', async () => {
    const { source, edit, remix, stranger } = family();
    const { user } = await view(edit, { library: [stranger, remix, edit, source] });

    const sources = region('Edited from');
    const link = await within(sources).findByRole('button', { name: source.prompt });
    expect(link.querySelector('img')).toHaveAttribute('src', `reverie-media://library/thumb/${source.id}`);
    // The edit's own versions: the remix made from it.
    expect(await within(region('Versions')).findByRole('button', { name: remix.prompt })).toBeInTheDocument();

    await user.click(link);
    expect(await screen.findByRole('dialog', { name: source.prompt })).toBeInTheDocument();
    expect(within(viewer()).queryByRole('region', { name: 'Edited from' })).toBeNull();
    const versions = region('Versions');
    expect(await within(versions).findByRole('button', { name: edit.prompt })).toBeInTheDocument();
    expect(within(versions).queryByRole('button', { name: remix.prompt })).toBeNull();
    // Focus stays in the viewer after the button that was pressed went away.
    expect(viewer()).toContainElement(document.activeElement as HTMLElement);

    await user.click(within(versions).getByRole('button', { name: edit.prompt }));
    expect(await screen.findByRole('dialog', { name: edit.prompt })).toBeInTheDocument();
  });

  it('a remix shows "Remixed from" with its sources in order; a deleted one is "No longer in the library"', async () => {
    const { source, edit, remix, goneId } = family();
    await view(remix, { library: [remix, edit, source] });

    const sources = region('Remixed from');
    await within(sources).findByRole('button', { name: edit.prompt });
    const entries = within(sources).getAllByRole('listitem');
    expect(entries).toHaveLength(2);
    expect(entries[0]).toHaveTextContent(edit.prompt);
    expect(entries[1]).toHaveTextContent('No longer in the library');
    expect(entries[1]).toHaveTextContent(goneId);
    expect(within(entries[1]!).queryByRole('button')).toBeNull();
    expect(within(region('Versions')).getByText('Nothing has been made from this image yet.')).toBeInTheDocument();
  });

  it('Versions follow the library: an edit made while the viewer is open appears', async () => {
    const { source } = family();
    const { fake } = await view(source, { library: [source] });
    await within(region('Versions')).findByText('Nothing has been made from this image yet.');

    const later = makeItem({ prompt: 'Add a basket to the bicycle', model: EDIT_MODEL_ID, sources: [source.id], createdAt: BASE_TIME + 5000 });
    fake.library.push(later);
    act(() => fake.emit('library:item-added', later));
    expect(await within(region('Versions')).findByRole('button', { name: later.prompt })).toBeInTheDocument();
  });

  it('the details show the model, the client request id and the inference id, each copyable', async () => {
    const { source, edit } = family();
    await view(edit, { library: [edit, source] });

    const details = region('Details');
    const fact = (term: string) => within(details).getByText(term, { selector: 'dt' }).nextElementSibling as HTMLElement;
    expect(fact('Model')).toHaveTextContent(EDIT_MODEL_ID);
    expect(within(fact('Client request id')).getByRole('textbox', { name: 'Client request id' })).toHaveValue('job-7f3a');
    expect(within(fact('Inference id')).getByRole('textbox', { name: 'Inference id' })).toHaveValue('inf-42-abc');
    expect(within(details).getByRole('button', { name: 'Copy client request id' })).toBeInTheDocument();
    expect(within(details).getByRole('button', { name: 'Copy inference id' })).toBeInTheDocument();
  });

  it('an item without them says so', async () => {
    const { source } = family();
    await view(source, { library: [source] });
    const details = region('Details');
    const fact = (term: string) => within(details).getByText(term, { selector: 'dt' }).nextElementSibling as HTMLElement;
    expect(fact('Client request id')).toHaveTextContent('None');
    expect(fact('Inference id')).toHaveTextContent('Not reported');
  });

  it('Show family narrows the library to the family, with a chip in the toolbar that removes the filter', async () => {
    const { source, edit, remix, stranger } = family();
    const { user, fake } = await view(edit, { library: [stranger, remix, edit, source] });

    await user.click(await within(viewer()).findByRole('button', { name: 'Show family' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(useLibraryStore.getState().query.family).toBe(edit.id);
    expect(fake.callsTo('library:list').at(-1)?.query?.family).toBe(edit.id);

    const library = screen.getByRole('region', { name: 'Library' });
    const chip = within(library).getByRole('group', { name: 'Family filter' });
    expect(chip).toHaveTextContent(`Family of ${edit.prompt}`);
    await waitFor(() => expect(within(library).queryByRole('img', { name: stranger.prompt })).toBeNull());
    for (const member of [source, edit, remix]) expect(await within(library).findByRole('img', { name: member.prompt })).toBeInTheDocument();

    await user.click(within(chip).getByRole('button', { name: 'Remove family filter' }));
    expect(useLibraryStore.getState().query.family).toBeNull();
    expect(within(library).queryByRole('group', { name: 'Family filter' })).toBeNull();
    expect(await within(library).findByRole('img', { name: stranger.prompt })).toBeInTheDocument();
  });
});
