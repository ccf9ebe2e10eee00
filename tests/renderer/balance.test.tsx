import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ChannelReply } from '../../electron/shared/contract';
import { readAtText } from '../../renderer/src/features/account/balance';
import { deferred } from './support/deferred';
import { installFakeReverie } from './support/fake-reverie';
import { renderApp } from './support/render-app';

const header = () => screen.getByRole('banner');
const promptBox = () => screen.getByRole('textbox', { name: 'Prompt' });
const generateButton = () => screen.getByRole('button', { name: /^Generate/ });
const READ_AT = new Date(2026, 10, 30, 17, 2).getTime();

describe('the balance in the header', () => {
  it('is hidden while main does not know it', async () => {
    const { fake } = await renderApp();
    expect(fake.callsTo('account:balance')).toHaveLength(1);
    expect(within(header()).queryByText(/Balance/)).not.toBeInTheDocument();
  });

  it('shows main’s figure and follows its events; an unknown balance hides it again', async () => {
    const { fake } = await renderApp({ balance: { usd: 12.34, readAt: READ_AT } });
    expect(await within(header()).findByText('Balance $12.34')).toBeInTheDocument();
    act(() => fake.emit('account:balance-changed', { usd: 11.9, readAt: READ_AT + 60_000 }));
    expect(within(header()).getByText('Balance $11.90')).toBeInTheDocument();
    // An older read arriving late does not put back the older figure.
    act(() => fake.emit('account:balance-changed', { usd: 12.34, readAt: READ_AT }));
    expect(within(header()).getByText('Balance $11.90')).toBeInTheDocument();
    act(() => fake.emit('account:balance-changed', { usd: null, readAt: null }));
    expect(within(header()).queryByText(/Balance/)).not.toBeInTheDocument();
  });

  it('keeps the figure an event brought over a startup reply main made before it', async () => {
    // Main answers the page's first ask with what it knew (no figure yet: its read was still out),
    // then its read lands and it sends the figure; the reply, made first, can arrive after the event.
    const fake = installFakeReverie();
    const reply = deferred<ChannelReply<'account:balance'>>();
    fake.reply('account:balance', () => reply.promise);
    await renderApp(fake);
    act(() => fake.emit('account:balance-changed', { usd: 0.1, readAt: READ_AT }));
    expect(within(header()).getByText('Balance $0.10')).toBeInTheDocument();
    await act(async () => reply.resolve({ ok: true, value: { usd: null, readAt: null } }));
    expect(within(header()).getByText('Balance $0.10')).toBeInTheDocument();
  });

  it('offline, keeps the last figure and says when it was read', async () => {
    await renderApp({ balance: { usd: 3.5, readAt: READ_AT }, network: { online: false } });
    expect(await within(header()).findByText('Balance $3.50')).toBeInTheDocument();
    expect(within(header()).getByText(`· read ${readAtText(READ_AT)}, offline`)).toBeInTheDocument();
  });
});

describe('a batch over the balance', () => {
  it('asks first; Cancel sends nothing and keeps the prompt, Send queues it', async () => {
    const { fake, user } = await renderApp({ balance: { usd: 0.45, readAt: READ_AT } });
    await user.type(promptBox(), 'Copper rooftops');
    // 8 creates at 126,000 credits: about $0.44, within $0.45: no question.
    await user.clear(screen.getByRole('spinbutton', { name: 'Images per ratio' }));
    await user.type(screen.getByRole('spinbutton', { name: 'Images per ratio' }), '7');
    await user.click(generateButton());
    await waitFor(() => expect(fake.callsTo('generate:enqueue')).toHaveLength(1));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();

    await user.clear(screen.getByRole('spinbutton', { name: 'Images per ratio' }));
    await user.type(screen.getByRole('spinbutton', { name: 'Images per ratio' }), '8');
    await user.click(promptBox());
    await user.click(generateButton());
    const question = await screen.findByRole('alertdialog', { name: 'More than the balance?' });
    expect(question).toHaveAccessibleDescription('This batch may cost about $0.50, more than the $0.45 left. Send anyway?');
    expect(within(question).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.click(within(question).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(fake.callsTo('generate:enqueue')).toHaveLength(1);
    expect(promptBox()).toHaveValue('Copper rooftops');
    await waitFor(() => expect(promptBox()).toHaveFocus());

    await user.keyboard('{Control>}{Enter}{/Control}');
    const again = await screen.findByRole('alertdialog', { name: 'More than the balance?' });
    await user.click(within(again).getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(fake.callsTo('generate:enqueue')).toHaveLength(2));
    expect(fake.callsTo('generate:enqueue')[1]).toMatchObject({ prompt: 'Copper rooftops', count: 8 });
  });

  it('asks nothing when the balance is unknown', async () => {
    const { fake, user } = await renderApp();
    await user.type(promptBox(), 'Copper rooftops');
    await user.click(generateButton());
    await waitFor(() => expect(fake.callsTo('generate:enqueue')).toHaveLength(1));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
  });
});

describe('per-model prices', () => {
  it('asks main again after a batch, and estimates with the live figures it then has', async () => {
    const { fake, user } = await renderApp();
    expect(screen.getByText('≈ $0.06')).toBeInTheDocument();
    // Main has read the live list by now: create at 200,000 credits (0.10 USD).
    fake.reply('pricing:get', {
      ok: true,
      value: {
        creditsPerImage: { 'reve/create-image': 200_000, 'reve/edit-image': 300_000, 'reve/remix-edit-image': 300_000 },
        source: 'live',
        readAt: READ_AT,
      },
    });
    await user.type(promptBox(), 'Copper rooftops');
    await user.click(generateButton());
    await waitFor(() => expect(fake.callsTo('pricing:get')).toHaveLength(2));
    expect(await screen.findByText('≈ $0.10')).toBeInTheDocument();
  });
});
