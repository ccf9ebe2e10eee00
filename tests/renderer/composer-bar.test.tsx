import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { QUEUED_NOTE_MS } from '../../renderer/src/features/composer/composer-status';
import { renderApp } from './support/render-app';

const promptBox = () => screen.getByRole('textbox', { name: 'Prompt' });
const status = () => within(screen.getByRole('form', { name: 'Compose' })).getByRole('status');

afterEach(() => {
  vi.useRealTimers();
});

describe('the prompt bar', () => {
  it('says what it queued, then clears the message by itself; the live region stays', async () => {
    // Fake timers that still follow the clock, so the startup and user-event run as usual.
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { fake, user } = await renderApp();
    const region = status();
    await user.type(promptBox(), 'Salt flats');
    await user.click(screen.getByRole('button', { name: /^Generate/ }));
    await waitFor(() => expect(region).toHaveTextContent('Queued 1 image. Follow it in the queue.'));

    await act(() => vi.advanceTimersByTimeAsync(QUEUED_NOTE_MS));
    expect(region).toHaveTextContent(/^$/);
    // Still mounted: the next confirmation is read out by the same live region.
    expect(status()).toBe(region);

    await user.click(screen.getByRole('button', { name: /^Generate/ }));
    await waitFor(() => expect(fake.callsTo('generate:enqueue')).toHaveLength(2));
    await waitFor(() => expect(region).toHaveTextContent('Queued 1 image.'));
    await act(() => vi.advanceTimersByTimeAsync(QUEUED_NOTE_MS));
    expect(region).toHaveTextContent(/^$/);
  });

  it('opens Advanced by keyboard, moves focus in, and Escape returns it to the button', async () => {
    const { user } = await renderApp();
    const trigger = screen.getByRole('button', { name: 'Advanced' });
    expect(trigger).toHaveAttribute('aria-expanded', 'false');
    act(() => trigger.focus());
    // Keyboard focus shows the button's name as a tip (the narrow bar shows icons only).
    expect(await screen.findByRole('tooltip')).toHaveTextContent('Advanced');
    await user.keyboard('{Enter}');
    expect(screen.queryByRole('tooltip')).not.toBeInTheDocument();

    const dialog = screen.getByRole('dialog', { name: 'Advanced' });
    expect(trigger).toHaveAttribute('aria-expanded', 'true');
    // Focus starts on the first control, not on the close button.
    expect(within(dialog).getByRole('radio', { name: 'Download link' })).toHaveFocus();
    expect(within(dialog).getByRole('button', { name: 'Close advanced' })).toBeInTheDocument();

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog', { name: 'Advanced' })).not.toBeInTheDocument();
    expect(trigger).toHaveFocus();
    // Focus coming back does not pop the tip up over the bar.
    expect(screen.queryByRole('tooltip')).not.toBeInTheDocument();
  });

  it('generates with Ctrl+Enter from inside Advanced, but not from the history or saved prompts', async () => {
    const { fake, user } = await renderApp({ history: [{ text: 'Harbour at dawn', lastUsedAt: 1, useCount: 1 }] });
    await user.type(promptBox(), 'Glass orchard');

    await user.click(screen.getByRole('button', { name: 'Prompt history' }));
    const search = within(screen.getByRole('dialog', { name: 'Prompt history' })).getByRole('searchbox', { name: 'Search prompts' });
    expect(search).toHaveFocus();
    await user.keyboard('{Control>}{Enter}{/Control}');
    await user.keyboard('{Escape}');
    expect(screen.getByRole('button', { name: 'Prompt history' })).toHaveFocus();

    await user.click(screen.getByRole('button', { name: 'Saved prompts' }));
    expect(within(screen.getByRole('dialog', { name: 'Saved prompts' })).getByRole('button', { name: 'Save as template' })).toHaveFocus();
    await user.keyboard('{Control>}{Enter}{/Control}');
    await user.keyboard('{Escape}');
    expect(fake.callsTo('generate:enqueue')).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Advanced' }));
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(fake.callsTo('generate:enqueue')).toHaveLength(1));
    expect(fake.callsTo('generate:enqueue')[0]).toMatchObject({ prompt: 'Glass orchard' });
  });

  it('closes a popover with its close button and with a click outside', async () => {
    const { user } = await renderApp();
    const trigger = screen.getByRole('button', { name: 'Saved prompts' });
    await user.click(trigger);
    await user.click(within(screen.getByRole('dialog', { name: 'Saved prompts' })).getByRole('button', { name: 'Close saved prompts' }));
    expect(screen.queryByRole('dialog', { name: 'Saved prompts' })).not.toBeInTheDocument();
    expect(trigger).toHaveFocus();

    await user.click(trigger);
    await user.click(promptBox());
    expect(screen.queryByRole('dialog', { name: 'Saved prompts' })).not.toBeInTheDocument();
  });

  it('keeps the prompt’s empty-reason for assistive tech only, and shows the ones that block', async () => {
    const { user } = await renderApp();
    const reason = screen.getByText('Write a prompt to generate an image.');
    expect(reason).toHaveClass('visually-hidden');
    await user.click(promptBox());
    await user.paste('a\u0000b');
    expect(screen.getByText(/invisible control characters/)).toHaveClass('composer-problem');
  });
});
