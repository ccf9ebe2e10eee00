import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ExportSummary } from '../../electron/shared/domain';
import { makeLibrary } from './support/fake-data';
import type { FakeReverie } from './support/fake-reverie';
import { idOf, idsOf, renderLibrary, selectionActions, selectTiles } from './support/library-grid';
import { useLibraryGridLayout } from './support/library-grid-layout';
import { onlyCallTo } from './support/render-app';

useLibraryGridLayout();

const exportDialog = () => screen.getByRole('dialog', { name: 'Export' });
const inDialog = () => within(exportDialog());

const SUMMARY: ExportSummary = { written: [], images: 0, skipped: [], failed: [], archive: null, cancelled: false };

/** Renders the library, selects Image 1 and Image 3 and opens "Export…" from the selection bar. */
async function openForTwo(fake?: FakeReverie) {
  const view = await renderLibrary(fake ?? { library: makeLibrary(6) });
  await selectTiles(view.user, 'Image 1', 'Image 3');
  await view.user.click(within(selectionActions()).getByRole('button', { name: 'Export…' }));
  await screen.findByRole('dialog', { name: 'Export' });
  return view;
}

describe('export dialog', () => {
  it('sends the selection with exactly the options configured', async () => {
    const { fake, user } = await openForTwo();
    const d = inDialog();
    expect(d.getByText('2 images')).toBeInTheDocument();
    expect(d.queryByRole('spinbutton', { name: 'Quality' })).not.toBeInTheDocument();

    await user.selectOptions(d.getByRole('combobox', { name: 'Format' }), 'JPEG');
    const quality = d.getByRole('spinbutton', { name: 'Quality' });
    await user.clear(quality);
    await user.type(quality, '80');
    await user.click(within(d.getByRole('group', { name: 'Size' })).getByRole('radio', { name: '1024' }));
    const names = d.getByRole('textbox', { name: 'File names' });
    await user.clear(names);
    await user.type(names, 'reverie_');
    await user.click(within(d.getByRole('group', { name: 'Insert a token' })).getByRole('button', { name: '{index}' }));
    await user.click(within(d.getByRole('group', { name: 'Metadata' })).getByRole('radio', { name: 'Strip for sharing' }));
    await user.click(d.getByRole('checkbox', { name: 'JSON sidecar per image' }));
    await user.click(d.getByRole('checkbox', { name: 'One ZIP archive' }));
    expect(d.getByRole('checkbox', { name: 'CSV manifest' })).toBeChecked();
    expect(within(d.getByRole('group', { name: 'If a file exists' })).getByRole('radio', { name: 'Keep both (rename)' })).toBeChecked();

    await user.click(d.getByRole('button', { name: 'Choose folder and export' }));
    const call = await onlyCallTo(fake, 'export:start');
    expect(call.selection).toEqual({ ids: idsOf(fake, 'Image 1', 'Image 3') });
    expect(call.options).toEqual({
      format: 'jpeg',
      quality: 80,
      longestEdge: 1024,
      namingTemplate: 'reverie_{index}',
      metadata: 'strip',
      sidecars: true,
      manifest: true,
      zip: true,
      onConflict: 'rename',
    });
  });

  it('says what the default (Original, Embed) does: the prompt goes into the copies, the picture and the library stay as they are', async () => {
    const { user } = await openForTwo();
    const d = inDialog();
    expect(d.getByRole('combobox', { name: 'Format' })).toHaveValue('original');
    const metadata = d.getByRole('group', { name: 'Metadata' });
    expect(within(metadata).getByRole('radio', { name: 'Embed prompt and settings' })).toBeChecked();
    expect(metadata).toHaveAccessibleDescription(
      'Written into each exported copy; the picture itself is not re-encoded. Files in your library are not changed.',
    );
    await user.selectOptions(d.getByRole('combobox', { name: 'Format' }), 'PNG');
    expect(metadata).toHaveAccessibleDescription('Written into each exported copy. Files in your library are not changed.');
    await user.click(within(metadata).getByRole('radio', { name: 'Strip for sharing' }));
    expect(metadata).toHaveAccessibleDescription('No prompt, settings or camera data in the exported files.');
  });

  it('a custom size sends its longest edge, and the options are remembered for the next export', async () => {
    const { fake, user } = await openForTwo();
    const d = inDialog();
    const edge = d.getByRole('spinbutton', { name: 'Longest edge (px)' });
    expect(edge).toBeDisabled();
    await user.click(within(d.getByRole('group', { name: 'Size' })).getByRole('radio', { name: 'Custom' }));
    await user.clear(edge);
    await user.type(edge, '1500');
    await user.selectOptions(d.getByRole('combobox', { name: 'Format' }), 'WebP');
    await user.click(d.getByRole('button', { name: 'Choose folder and export' }));
    expect((await onlyCallTo(fake, 'export:start')).options).toMatchObject({ format: 'webp', longestEdge: 1500 });

    const [exportId] = [...fake.exports.keys()];
    act(() =>
      fake.emit('export:finished', { exportId: exportId!, summary: { ...SUMMARY, written: ['a.webp', 'b.webp'], images: 2 }, destination: '/tmp/out' }),
    );
    await user.click(await inDialog().findByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog', { name: 'Export' })).not.toBeInTheDocument();

    await user.click(within(selectionActions()).getByRole('button', { name: 'Export…' }));
    const again = within(await screen.findByRole('dialog', { name: 'Export' }));
    expect(again.getByRole('combobox', { name: 'Format' })).toHaveValue('webp');
    expect(again.getByRole('spinbutton', { name: 'Longest edge (px)' })).toHaveValue(1500);
  });

  it('Replace asks first; “Keep both” sends rename, “Replace” sends overwrite', async () => {
    const { fake, user } = await openForTwo();
    await user.click(within(inDialog().getByRole('group', { name: 'If a file exists' })).getByRole('radio', { name: 'Replace' }));
    await user.click(inDialog().getByRole('button', { name: 'Choose folder and export' }));
    const confirm = inDialog().getByRole('alertdialog', { name: 'Replace existing files with the same name?' });
    expect(fake.callsTo('export:start')).toHaveLength(0);

    await user.click(within(confirm).getByRole('button', { name: 'Keep both' }));
    expect((await onlyCallTo(fake, 'export:start')).options.onConflict).toBe('rename');
  });

  it('confirmed Replace sends overwrite', async () => {
    const { fake, user } = await openForTwo();
    await user.click(within(inDialog().getByRole('group', { name: 'If a file exists' })).getByRole('radio', { name: 'Replace' }));
    await user.click(inDialog().getByRole('button', { name: 'Choose folder and export' }));
    await user.click(within(inDialog().getByRole('alertdialog')).getByRole('button', { name: 'Replace' }));
    expect((await onlyCallTo(fake, 'export:start')).options.onConflict).toBe('overwrite');
  });

  it('shows progress, cancels, and ends with the summary and “Show in folder”', async () => {
    const { fake, user } = await openForTwo();
    await user.click(inDialog().getByRole('button', { name: 'Choose folder and export' }));
    const bar = await inDialog().findByRole('progressbar', { name: 'Exporting 0 of 2' });
    const [exportId] = [...fake.exports.keys()];

    act(() => fake.emit('export:progress', { exportId: exportId!, done: 12, total: 30 }));
    expect(bar).toHaveAccessibleName('Exporting 12 of 30');
    expect(bar).toHaveAttribute('value', '12');
    expect(bar).toHaveAttribute('max', '30');
    // Another export's events are not this one's.
    act(() => fake.emit('export:progress', { exportId: '00000000-0000-4000-8000-0000000fffff', done: 29, total: 30 }));
    expect(bar).toHaveAccessibleName('Exporting 12 of 30');

    await user.click(inDialog().getByRole('button', { name: 'Cancel' }));
    expect(fake.callsTo('export:cancel')).toEqual([{ exportId }]);

    act(() =>
      fake.emit('export:finished', {
        exportId: exportId!,
        destination: '/home/user/Pictures/Reverie export',
        summary: {
          written: ['one.jpg', 'one.jpg.json', 'two.jpg', 'two.jpg.json', 'three.jpg', 'three.jpg.json'],
          images: 3,
          skipped: [{ name: 'four.jpg', reason: 'a file of that name exists' }],
          failed: [{ id: idOf(fake, 'Image 1'), prompt: 'Image 1', reason: 'the file is missing' }],
          archive: null,
          cancelled: true,
        },
      }),
    );
    const d = inDialog();
    expect(d.getByRole('status')).toHaveTextContent('Export cancelled after 3 images (6 files)');
    expect(d.getByText('/home/user/Pictures/Reverie export')).toBeInTheDocument();
    expect(within(d.getByRole('region', { name: 'Skipped (1)' })).getByRole('listitem')).toHaveTextContent('four.jpg: a file of that name exists');
    expect(within(d.getByRole('region', { name: 'Failed (1)' })).getByRole('listitem')).toHaveTextContent('Image 1: the file is missing');
    expect(d.queryByRole('progressbar')).not.toBeInTheDocument();

    await user.click(d.getByRole('button', { name: 'Show in folder' }));
    expect(fake.callsTo('export:show-in-folder')).toEqual([{ exportId }]);
  });

  it('a summary that arrives before main’s reply is not lost', async () => {
    const { fake, user } = await openForTwo();
    fake.reply('export:start', () => {
      const exportId = '00000000-0000-4000-8000-00000000e001';
      fake.emit('export:finished', { exportId, summary: { ...SUMMARY, written: ['x.png'], images: 1 }, destination: '/out' });
      return { ok: true, value: { exportId } };
    });
    await user.click(inDialog().getByRole('button', { name: 'Choose folder and export' }));
    expect(await inDialog().findByRole('status')).toHaveTextContent('Exported 1 image');
  });

  it('counts every file written, not only the images: 8 images with sidecars and a manifest are 17 files', async () => {
    const { fake, user } = await openForTwo();
    await user.click(inDialog().getByRole('button', { name: 'Choose folder and export' }));
    await inDialog().findByRole('progressbar');
    const [exportId] = [...fake.exports.keys()];
    const images = Array.from({ length: 8 }, (_, i) => `image ${i + 1}.png`);
    const written = [...images.flatMap((name) => [name, `${name}.json`]), 'manifest.csv'];
    act(() => fake.emit('export:finished', { exportId: exportId!, summary: { ...SUMMARY, written, images: 8 }, destination: '/out' }));
    expect(inDialog().getByRole('status')).toHaveTextContent(/^Exported 8 images \(17 files\)$/);
  });

  it('a cancelled folder dialog shows nothing and keeps the form', async () => {
    const { fake, user } = await openForTwo();
    fake.nextExportFolder = null;
    await user.click(inDialog().getByRole('button', { name: 'Choose folder and export' }));
    await waitFor(() => expect(fake.callsTo('export:start')).toHaveLength(1));
    await waitFor(() => expect(inDialog().getByRole('button', { name: 'Choose folder and export' })).toBeInTheDocument());
    expect(inDialog().queryByRole('alert')).not.toBeInTheDocument();
    expect(inDialog().queryByRole('progressbar')).not.toBeInTheDocument();
    expect(inDialog().queryByRole('status')).not.toBeInTheDocument();
  });

  it('another failure to start is shown in the dialog', async () => {
    const { fake, user } = await openForTwo();
    fake.reply('export:start', { ok: false, error: { code: 'storage', message: 'The folder cannot be written to.' } });
    await user.click(inDialog().getByRole('button', { name: 'Choose folder and export' }));
    expect(await inDialog().findByRole('alert')).toHaveTextContent('The folder cannot be written to.');
  });
});
