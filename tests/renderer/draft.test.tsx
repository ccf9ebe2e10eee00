import { act, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChannelReply } from '../../electron/shared/contract';
import { PROMPT_MAX_LENGTH } from '../../electron/shared/domain';
import { DRAFT_SAVE_DELAY_MS } from '../../renderer/src/stores/composer-draft';
import { deferred } from './support/deferred';
import { letTimePass, typeOnHeldClock } from './support/held-clock';
import { makeLibrary } from './support/fake-data';
import { installFakeReverie } from './support/fake-reverie';
import { renderApp } from './support/render-app';

const promptBox = () => screen.getByRole('textbox', { name: 'Prompt' });

/**
 * Fake timers that still follow the clock (the startup waits and user-event need time to pass),
 * so a test can run the autosave's whole delay at once instead of sleeping past it.
 */
const useAutosaveClock = () => vi.useFakeTimers({ shouldAdvanceTime: true });
/** Runs every timer due within the autosave delay (and what they start), inside act. */
const passSaveDelay = () => act(() => vi.advanceTimersByTimeAsync(DRAFT_SAVE_DELAY_MS * 2));

afterEach(() => {
  vi.useRealTimers();
});

describe('composer draft', () => {
  it('restores the draft main kept, fan-out and all', async () => {
    useAutosaveClock();
    const { fake, user } = await renderApp({
      draft: { prompt: 'Kelp forest, god rays', aspectRatios: ['16:9', '2:3'], count: 2, delivery: 'base64', outputFormat: 'png', references: [], mode: null },
    });
    expect(promptBox()).toHaveValue('Kelp forest, god rays');
    expect(screen.getByRole('checkbox', { name: 'Fan out across ratios' })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: '16:9' })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: '2:3' })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: '3:2' })).not.toBeChecked();
    expect(screen.getByRole('spinbutton', { name: 'Images per ratio' })).toHaveValue(2);
    // Delivery and output format are in the Advanced popover; the bar shows they are not the defaults.
    await user.click(screen.getByRole('button', { name: 'Advanced (Inline · PNG)' }));
    expect(screen.getByRole('radio', { name: 'Inline (base64)' })).toBeChecked();
    expect(screen.getByRole('combobox', { name: 'Output format' })).toHaveValue('png');
    expect(screen.getByRole('button', { name: 'Generate 4 images' })).toBeInTheDocument();
    // Restoring is not a change: nothing is written back, not even once the save delay has passed.
    await passSaveDelay();
    expect(fake.callsTo('draft:save')).toEqual([]);
  });

  it('keeps the references and the mode picked: saved with the draft, restored in order; one deleted since is left out', async () => {
    useAutosaveClock();
    const library = makeLibrary(3);
    const [first, , third] = library.map((item) => item.id);
    const { fake } = await renderApp({
      library,
      draft: {
        prompt: 'the two of them at dusk',
        aspectRatios: ['1:1'],
        count: 1,
        delivery: 'url',
        outputFormat: null,
        references: [third!, 'a3b1c6f0-0000-4000-8000-000000000000', first!],
        mode: 'remix',
      },
    });
    const list = await screen.findByRole('list', { name: 'References' });
    expect([...list.querySelectorAll('img')].map((img) => img.getAttribute('alt'))).toEqual(['Image 2', 'Image 0']);
    expect(screen.getByRole('radio', { name: 'Remix' })).toBeChecked();

    // Removing one is a change of the draft: saved with the reference left (and the mode following the references again).
    act(() => screen.getAllByRole('button', { name: 'Remove reference' })[0]!.click());
    await passSaveDelay();
    await waitFor(() => expect(fake.callsTo('draft:save').at(-1)).toMatchObject({ references: [first], mode: null }));
  });

  it('keeps an over-long draft whole and shows it as too long', async () => {
    const long = 'w'.repeat(PROMPT_MAX_LENGTH + 40);
    await renderApp({ draft: { prompt: long, aspectRatios: ['1:1'], count: 1, delivery: 'url', outputFormat: null, references: [], mode: null } });
    expect(promptBox()).toHaveValue(long);
    expect(screen.getByText(new RegExp(`^${PROMPT_MAX_LENGTH + 40} / ${PROMPT_MAX_LENGTH}`))).toHaveTextContent('(40 over)');
    expect(screen.getByRole('radio', { name: '1:1' })).toBeChecked();
  });

  it('saves the draft shortly after typing stops', async () => {
    const { fake } = await renderApp();
    // Typed with no time between the keys, then the delay runs out once (support/held-clock.ts).
    typeOnHeldClock(promptBox(), 'Fog over a rice terrace');
    expect(fake.callsTo('draft:save')).toEqual([]);
    await letTimePass(DRAFT_SAVE_DELAY_MS);
    await waitFor(() => expect(fake.callsTo('draft:save').length).toBeGreaterThan(0));
    expect(fake.callsTo('draft:save').at(-1)).toEqual({
      prompt: 'Fog over a rice terrace',
      aspectRatios: ['3:2'],
      count: 1,
      delivery: 'url',
      outputFormat: null,
      references: [],
      mode: null,
    });
    // Debounced: one save for the whole prompt, not one per keystroke.
    expect(fake.callsTo('draft:save')).toHaveLength(1);
    expect(fake.draft?.prompt).toBe('Fog over a rice terrace');
  });

  it('saves at once when focus leaves the composer', async () => {
    const { fake, user } = await renderApp();
    await user.type(promptBox(), 'Cedar');
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    expect(fake.callsTo('draft:save').at(-1)).toMatchObject({ prompt: 'Cedar' });
  });

  it('never saves an empty composer over the draft before it has loaded, and keeps early typing', async () => {
    const fake = installFakeReverie({
      draft: { prompt: 'Old draft', aspectRatios: ['3:2'], count: 1, delivery: 'url', outputFormat: null, references: [], mode: null },
    });
    const pending = deferred<ChannelReply<'draft:get'>>();
    fake.reply('draft:get', () => pending.promise);
    useAutosaveClock();
    const { user } = await renderApp(fake);
    expect(screen.getByRole('main')).toHaveAttribute('aria-busy', 'true');
    await user.type(promptBox(), 'Typed first');
    await passSaveDelay();
    expect(fake.callsTo('draft:save')).toEqual([]);

    pending.resolve({ ok: true, value: fake.draft });
    await waitFor(() => expect(screen.getByRole('main')).toHaveAttribute('aria-busy', 'false'));
    expect(promptBox()).toHaveValue('Typed first');
    await waitFor(() => expect(fake.callsTo('draft:save').at(-1)).toMatchObject({ prompt: 'Typed first' }));
  });
});
