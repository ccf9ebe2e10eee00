import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { PROMPT_MAX_LENGTH } from '../../electron/shared/domain';
import { appError, fail, ok, type Result } from '../../electron/shared/errors';
import type { LibraryItem } from '../../electron/shared/domain';
import { deferred, makeItem } from './fake-reverie';
import { renderApp } from './render-app';

const promptBox = () => screen.getByRole('textbox', { name: 'Prompt' });
const generateButton = () => screen.getByRole('button', { name: 'Generate' });

describe('composer', () => {
  it('counts characters live against the limit', async () => {
    const { user } = await renderApp();
    expect(screen.getByText(`0 / ${PROMPT_MAX_LENGTH}`)).toBeInTheDocument();
    await user.type(promptBox(), 'hello world!');
    expect(screen.getByText(`12 / ${PROMPT_MAX_LENGTH}`)).toBeInTheDocument();
  });

  it('refuses an empty prompt and says why', async () => {
    const { fake, user } = await renderApp();
    expect(generateButton()).toHaveAttribute('aria-disabled', 'true');
    expect(generateButton()).toHaveAccessibleDescription('Write a prompt to generate an image.');

    await user.click(generateButton());
    await user.type(promptBox(), '   ');
    await user.keyboard('{Control>}{Enter}{/Control}');

    expect(fake.callsTo('generate:create')).toEqual([]);
    expect(generateButton()).toHaveAttribute('aria-disabled', 'true');
  });

  it('warns near the limit and blocks a prompt over it, with the reason', async () => {
    const { fake, user } = await renderApp();
    await user.click(promptBox());
    await user.paste('a'.repeat(2400));
    const nearCounter = screen.getByText(`2400 / ${PROMPT_MAX_LENGTH}`);
    expect(nearCounter).toHaveAttribute('data-level', 'near');
    expect(generateButton()).toHaveAttribute('aria-disabled', 'false');

    await user.paste('b'.repeat(161)); // 2561
    const counter = screen.getByText(new RegExp(`^2561 / ${PROMPT_MAX_LENGTH}`));
    expect(counter).toHaveAttribute('data-level', 'over');
    expect(counter).toHaveTextContent('(1 over)');
    expect(promptBox()).toHaveAttribute('aria-invalid', 'true');
    expect(generateButton()).toHaveAttribute('aria-disabled', 'true');
    expect(generateButton()).toHaveAccessibleDescription(
      `Too long: a prompt can be at most ${PROMPT_MAX_LENGTH} characters. Shorten it to generate.`,
    );

    await user.click(generateButton());
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(fake.callsTo('generate:create')).toEqual([]);

    // Exactly at the limit is allowed.
    await user.type(promptBox(), '{Backspace}');
    expect(screen.getByText(`2560 / ${PROMPT_MAX_LENGTH}`)).toBeInTheDocument();
    expect(generateButton()).toHaveAttribute('aria-disabled', 'false');
  });

  it('offers the seven aspect ratios and starts from the default in settings', async () => {
    await renderApp({ settings: { defaultAspectRatio: '1:1' } });
    const group = screen.getByRole('radiogroup', { name: 'Aspect ratio' });
    const names = within(group)
      .getAllByRole('radio')
      .map((radio) => radio.getAttribute('value'));
    expect(names).toEqual(['16:9', '9:16', '3:2', '2:3', '4:3', '3:4', '1:1']);
    expect(within(group).getByRole('radio', { name: '1:1' })).toBeChecked();
  });

  it('defaults to 3:2', async () => {
    await renderApp();
    expect(screen.getByRole('radio', { name: '3:2' })).toBeChecked();
  });

  it('generates on Ctrl+Enter with the chosen aspect ratio', async () => {
    const { fake, user } = await renderApp();
    await user.click(screen.getByRole('radio', { name: '9:16' }));
    await user.type(promptBox(), 'A red kite over dunes');
    await user.keyboard('{Control>}{Enter}{/Control}');

    await waitFor(() => expect(fake.callsTo('generate:create')).toHaveLength(1));
    expect(fake.callsTo('generate:create')[0]).toEqual({ prompt: 'A red kite over dunes', aspectRatio: '9:16' });
    // The shortcut does not type a newline into the prompt.
    expect(promptBox()).toHaveValue('A red kite over dunes');
  });

  it('takes the shortcut anywhere in the composer, e.g. right after picking a ratio', async () => {
    const { fake, user } = await renderApp();
    await user.type(promptBox(), 'Basalt columns');
    await user.click(screen.getByRole('radio', { name: '4:3' }));
    expect(screen.getByRole('radio', { name: '4:3' })).toHaveFocus();
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(fake.callsTo('generate:create')).toEqual([{ prompt: 'Basalt columns', aspectRatio: '4:3' }]));
  });

  it('generates on Cmd+Enter too, and from the button', async () => {
    const { fake, user } = await renderApp();
    await user.type(promptBox(), 'Salt flats');
    await user.keyboard('{Meta>}{Enter}{/Meta}');
    await waitFor(() => expect(fake.callsTo('generate:create')).toHaveLength(1));
    await screen.findByText(/Done/);
    await user.click(generateButton());
    await waitFor(() => expect(fake.callsTo('generate:create')).toHaveLength(2));
    expect(fake.callsTo('generate:create')[1]).toEqual({ prompt: 'Salt flats', aspectRatio: '3:2' });
  });

  it('shows progress, blocks a second send while running, and keeps the prompt after success', async () => {
    const { fake, user } = await renderApp();
    const pending = deferred<Result<LibraryItem>>();
    fake.reply('generate:create', () => pending.promise);

    await user.type(promptBox(), 'Glass orchard');
    await user.click(generateButton());

    const status = within(screen.getByRole('form', { name: 'Compose' })).getByRole('status');
    expect(status).toHaveTextContent('Generating image…');
    expect(generateButton()).toHaveAttribute('aria-disabled', 'true');
    expect(generateButton()).toHaveAccessibleDescription('A generation is already running.');

    await user.click(generateButton());
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(fake.callsTo('generate:create')).toHaveLength(1);

    const item = makeItem({ prompt: 'Glass orchard', createdAt: Date.now() });
    await act(async () => pending.resolve(ok(item)));

    expect(status).toHaveTextContent('Done');
    expect(promptBox()).toHaveValue('Glass orchard');
    expect(screen.getByRole('img', { name: 'Glass orchard' })).toBeInTheDocument();
  });

  it('keeps the prompt after a failure and shows the message with details on demand', async () => {
    const { fake, user } = await renderApp();
    fake.reply(
      'generate:create',
      fail(appError('server-error', 'The image service had a problem. Try again in a moment.', {
        detail: 'HTTP 502: upstream connect error',
        status: 502,
      })),
    );
    await user.type(promptBox(), 'Moss on basalt, macro');
    await user.click(generateButton());

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The image service had a problem. Try again in a moment.');
    expect(promptBox()).toHaveValue('Moss on basalt, macro');

    const detail = within(alert).getByText(/upstream connect error/);
    expect(detail).not.toBeVisible();
    const toggle = within(alert).getByRole('button', { name: 'Details' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(detail).toBeVisible();

    // The prompt can be sent again as it is.
    fake.restore('generate:create');
    await user.click(generateButton());
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
    expect(fake.callsTo('generate:create')).toHaveLength(2);
  });

  it('offers to open Settings when the key is refused', async () => {
    const { fake, user } = await renderApp();
    fake.reply(
      'generate:create',
      fail(appError('unauthorized', 'The AI/ML API did not accept your key.', { status: 401 })),
    );
    await user.type(promptBox(), 'Tidal pools');
    await user.click(generateButton());

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The AI/ML API did not accept your key.');
    expect(screen.queryByRole('region', { name: 'Settings' })).not.toBeInTheDocument();

    await user.click(within(alert).getByRole('button', { name: 'Open Settings' }));
    expect(screen.getByRole('region', { name: 'Settings' })).toBeInTheDocument();
    expect(screen.getByLabelText('API key')).toHaveFocus();
    expect(promptBox()).toHaveValue('Tidal pools');
  });

  it('offers Settings when there is no key at all', async () => {
    const { user } = await renderApp({ key: { stored: false, last4: null, storage: null } });
    await user.click(screen.getByRole('button', { name: 'Close' }));
    await user.type(promptBox(), 'Dusk');
    await user.click(generateButton());
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('button', { name: 'Open Settings' })).toBeInTheDocument();
  });

  it('phrases a content violation as a policy refusal', async () => {
    const { fake, user } = await renderApp();
    fake.reply('generate:create', fail(appError('content-violation', 'The request was flagged.', { status: 422 })));
    await user.type(promptBox(), 'Something the policy refuses');
    await user.click(generateButton());

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Refused under the content policy');
    expect(alert).toHaveTextContent('The request was flagged.');
    expect(alert).toHaveTextContent(/declined this prompt because of its content policy/);
    expect(within(alert).queryByRole('button', { name: 'Open Settings' })).not.toBeInTheDocument();
    expect(promptBox()).toHaveValue('Something the policy refuses');
  });

  it('recovers when the bridge itself rejects', async () => {
    const { fake, user } = await renderApp();
    fake.reply('generate:create', () => Promise.reject(new Error('ipc closed')));
    await user.type(promptBox(), 'Quiet');
    await user.click(generateButton());
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(/could not reach its background process/);
    expect(generateButton()).toHaveAttribute('aria-disabled', 'false');
  });
});
