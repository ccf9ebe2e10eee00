import { act, fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { IMPORT_SUMMARY_MS } from '../../renderer/src/features/import/import-store';
import { renderApp } from './support/render-app';

/** A real 1×1 PNG. */
const PNG = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='), (char) => char.charCodeAt(0));

function drop(files: File[]) {
  const data = { dataTransfer: { types: ['Files'], files, dropEffect: 'none' } };
  fireEvent.dragEnter(document.body, data);
  fireEvent.dragOver(document.body, data);
  fireEvent.drop(document.body, data);
}

/** Lets the import's I/O finish without moving the held clock (vi.waitFor would advance it). */
async function untilStatus(text: string): Promise<void> {
  for (let turn = 0; turn < 200 && !status().textContent?.includes(text); turn++) {
    await act(async () => {
      await vi.advanceTimersByTimeAsync(0);
      await new Promise((resolve) => setImmediate(resolve));
    });
  }
  expect(status()).toHaveTextContent(text);
}

const status = () => screen.getByText((_, element) => element?.classList.contains('import-status') ?? false);

describe('import feedback (defect 3: the import message must not stay in the way)', () => {
  it('a clean summary goes by itself; one naming skipped files stays until dismissed', async () => {
    await renderApp();
    // The clock is held from the drop on, so the summary's own timer is the one that runs out.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    drop([new File([PNG], 'one.png', { type: 'image/png' })]);
    await untilStatus('Imported 1 image');
    await act(() => vi.advanceTimersByTimeAsync(IMPORT_SUMMARY_MS - 1));
    expect(status()).toHaveTextContent('Imported 1 image');
    await act(() => vi.advanceTimersByTimeAsync(1));
    expect(status()).toBeEmptyDOMElement();
    expect(screen.queryByRole('button', { name: 'Dismiss import summary' })).not.toBeInTheDocument();

    drop([new File([PNG], 'two.png', { type: 'image/png' }), new File(['text'], 'notes.txt', { type: 'text/plain' })]);
    await untilStatus('1 skipped: notes.txt');
    await act(() => vi.advanceTimersByTimeAsync(IMPORT_SUMMARY_MS * 2));
    expect(status()).toHaveTextContent('1 skipped: notes.txt');
    vi.useRealTimers();
  });
});
