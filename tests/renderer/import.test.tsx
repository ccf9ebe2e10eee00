import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelInput } from '../../electron/shared/contract';
import { appError, fail } from '../../electron/shared/errors';
import {
  MAX_BYTES_PER_BATCH,
  MAX_FILE_BYTES,
  NOT_AN_IMAGE,
  planBatches,
  skipReason,
  summaryText,
  TOO_LARGE,
} from '../../renderer/src/features/import/import-files';
import { useImportStore } from '../../renderer/src/features/import/import-store';
import { installFakeReverie } from './support/fake-reverie';
import { renderApp } from './support/render-app';

afterEach(() => useImportStore.setState(useImportStore.getInitialState(), true));

/** A real 1×1 PNG. */
const PNG = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='), (char) => char.charCodeAt(0));
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);

const png = (name: string) => new File([PNG], name, { type: 'image/png' });

function dragData(files: File[]) {
  return { dataTransfer: { types: ['Files'], files, dropEffect: 'none' } };
}

function drop(files: File[]) {
  fireEvent.dragEnter(document.body, dragData(files));
  fireEvent.dragOver(document.body, dragData(files));
  fireEvent.drop(document.body, dragData(files));
}

const status = () => screen.getByText((_, element) => element?.classList.contains('import-status') ?? false);
const OVERLAY = 'Drop images to add them to the library';

describe('import by drop', () => {
  it('shows the overlay while files are dragged over the window, and not for other drags', async () => {
    await renderApp();
    fireEvent.dragEnter(document.body, { dataTransfer: { types: ['text/plain'], files: [] } });
    expect(screen.queryByText(OVERLAY)).not.toBeInTheDocument();

    fireEvent.dragEnter(document.body, dragData([png('a.png')]));
    expect(screen.getByText(OVERLAY)).toBeInTheDocument();
    // Crossing into a child fires enter then leave: the overlay stays until the window is left.
    fireEvent.dragEnter(screen.getByRole('main'), dragData([png('a.png')]));
    fireEvent.dragLeave(document.body, dragData([png('a.png')]));
    expect(screen.getByText(OVERLAY)).toBeInTheDocument();
    fireEvent.dragLeave(screen.getByRole('main'), dragData([png('a.png')]));
    expect(screen.queryByText(OVERLAY)).not.toBeInTheDocument();
  });

  it('sends the images’ bytes to main, skips other files, and sums up', async () => {
    const { fake } = await renderApp();
    const files = [
      png('harbour.png'),
      new File([JPEG], 'fern.jpg', { type: 'image/jpeg' }),
      new File(['not an image'], 'notes.txt', { type: 'text/plain' }),
      png('dune.png'),
    ];
    drop(files);
    expect(screen.queryByText(OVERLAY)).not.toBeInTheDocument();

    await waitFor(() => expect(status()).toHaveTextContent('Imported 3 images; 1 skipped: notes.txt — not a PNG, JPEG or WebP image'));
    expect(status()).toHaveAttribute('role', 'status');
    const [call] = fake.callsTo('library:import') as ChannelInput<'library:import'>[];
    expect(call?.files.map((file) => file.name)).toEqual(['harbour.png', 'fern.jpg', 'dune.png']);
    expect(call?.files[0]?.bytes).toBeInstanceOf(Uint8Array);
    expect([...(call?.files[0]?.bytes ?? [])]).toEqual([...PNG]);
    expect([...(call?.files[1]?.bytes ?? [])]).toEqual([...JPEG]);
    expect(fake.library.filter((item) => item.origin === 'imported')).toHaveLength(3);
  });

  it('reports what main refused, in the same summary', async () => {
    const { fake } = await renderApp();
    // Named like an image, typed by the system as one, but not one: main decides.
    drop([png('real.png'), new File(['<html>'], 'fake.png', { type: 'image/png' })]);
    await waitFor(() => expect(status()).toHaveTextContent('Imported 1 image; 1 skipped: fake.png — not a PNG, JPEG or WebP image'));
    expect(fake.callsTo('library:import')).toHaveLength(1);
  });

  it('splits a drop of 150 files into batches of at most 20', async () => {
    const { fake } = await renderApp();
    drop(Array.from({ length: 150 }, (_, index) => png(`image-${index}.png`)));
    await waitFor(() => expect(status()).toHaveTextContent('Imported 150 images'), { timeout: 5000 });
    const calls = fake.callsTo('library:import') as ChannelInput<'library:import'>[];
    expect(calls.map((call) => call.files.length)).toEqual([20, 20, 20, 20, 20, 20, 20, 10]);
    expect(calls.flatMap((call) => call.files.map((file) => file.name))).toEqual(Array.from({ length: 150 }, (_, index) => `image-${index}.png`));
  });

  it('does not send anything when nothing dropped is an image', async () => {
    const { fake } = await renderApp();
    drop([new File(['x'], 'notes.txt', { type: 'text/plain' })]);
    await waitFor(() => expect(status()).toHaveTextContent('No images imported; 1 skipped: notes.txt — not a PNG, JPEG or WebP image'));
    expect(fake.callsTo('library:import')).toEqual([]);
  });

  it('stops at a batch main refuses and says how many were not imported', async () => {
    const fake = installFakeReverie();
    let calls = 0;
    fake.reply('library:import', (input) => {
      calls += 1;
      return calls === 1
        ? { ok: true, value: { imported: [], skipped: input.files.map((file) => ({ name: file.name, reason: 'already in the library' })), existing: [] } }
        : fail(appError('storage', 'The disk is full.'));
    });
    await renderApp(fake);
    drop(Array.from({ length: 45 }, (_, index) => png(`image-${index}.png`)));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The import stopped');
    expect(alert).toHaveTextContent('The disk is full.');
    expect(alert).toHaveTextContent('25 files were not imported.');
    expect(status()).toHaveTextContent('No images imported; 20 skipped: image-0.png — already in the library');
    expect(status()).toHaveTextContent('and 15 more');
    expect(calls).toBe(2);

    await act(async () => screen.getByRole('button', { name: 'Dismiss import summary' }).click());
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});

describe('import by picking files', () => {
  it('“Import images…” opens a picker for PNG, JPEG and WebP and imports what is picked', async () => {
    const { fake, user } = await renderApp();
    const input = screen.getByLabelText<HTMLInputElement>('Image files to import');
    expect(input).toHaveAttribute('type', 'file');
    expect(input).toHaveAttribute('accept', 'image/png,image/jpeg,image/webp');
    expect(input.multiple).toBe(true);

    let opened = false;
    input.addEventListener('click', () => {
      opened = true;
    });
    await user.click(screen.getByRole('button', { name: 'Import images…' }));
    expect(opened).toBe(true);

    await user.upload(input, [png('one.png'), png('two.png')]);
    await waitFor(() => expect(status()).toHaveTextContent('Imported 2 images'));
    expect((fake.callsTo('library:import') as ChannelInput<'library:import'>[])[0]?.files.map((file) => file.name)).toEqual(['one.png', 'two.png']);
    expect(within(screen.getByRole('banner')).getByRole('button', { name: 'Import images…' })).toBeInTheDocument();
  });
});

describe('import rules', () => {
  const sized = (name: string, size: number, type = 'image/png') => ({ name, size, type }) as File;

  it('cuts batches at 100 MB as well as at 20 files', () => {
    const thirty = 30 * 2 ** 20;
    const files = Array.from({ length: 5 }, (_, index) => sized(`big-${index}.png`, thirty));
    expect(planBatches(files).map((batch) => batch.length)).toEqual([3, 2]);
    expect(planBatches([sized('a.png', MAX_BYTES_PER_BATCH), sized('b.png', 1)]).map((batch) => batch.length)).toEqual([1, 1]);
    expect(planBatches([])).toEqual([]);
  });

  it('skips non-images by type or extension, and files over the contract’s 64 MB', () => {
    expect(skipReason(sized('photo.webp', 10, ''))).toBeNull();
    expect(skipReason(sized('scan', 10, 'image/jpeg'))).toBeNull();
    expect(skipReason(sized('photo.JPEG', 10, 'application/octet-stream'))).toBeNull();
    expect(skipReason(sized('notes.txt', 10, 'text/plain'))).toBe(NOT_AN_IMAGE);
    expect(skipReason(sized('anim.gif', 10, 'image/gif'))).toBe(NOT_AN_IMAGE);
    expect(skipReason(sized('huge.png', MAX_FILE_BYTES + 1))).toBe(TOO_LARGE);
  });

  it('words the summary', () => {
    expect(summaryText(3, [{ name: 'notes.txt', reason: NOT_AN_IMAGE }])).toBe('Imported 3 images; 1 skipped: notes.txt — not a PNG, JPEG or WebP image');
    expect(summaryText(1, [])).toBe('Imported 1 image');
  });
});
