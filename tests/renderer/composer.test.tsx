import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ChannelReply } from '../../electron/shared/contract';
import { PROMPT_MAX_LENGTH } from '../../electron/shared/domain';
import { appError, fail } from '../../electron/shared/errors';
import { deferred } from './support/deferred';
import { openQueue } from './support/queue-drawer';
import { renderApp } from './support/render-app';

const promptBox = () => screen.getByRole('textbox', { name: 'Prompt' });
const generateButton = () => screen.getByRole('button', { name: /^Generate/ });
const queue = () => screen.getByRole('region', { name: 'Queue' });

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

    expect(fake.callsTo('generate:enqueue')).toEqual([]);
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
    expect(generateButton()).toHaveAccessibleDescription(`Too long: a prompt can be at most ${PROMPT_MAX_LENGTH} characters. Shorten it to generate.`);

    await user.click(generateButton());
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(fake.callsTo('generate:enqueue')).toEqual([]);

    // Exactly at the limit is allowed.
    await user.type(promptBox(), '{Backspace}');
    expect(screen.getByText(`2560 / ${PROMPT_MAX_LENGTH}`)).toBeInTheDocument();
    expect(generateButton()).toHaveAttribute('aria-disabled', 'false');
  });

  it('blocks a prompt with an invisible control character (a NUL from a bad paste) and says why; tabs and line breaks are fine', async () => {
    const { fake, user } = await renderApp();
    await user.click(promptBox());
    await user.paste('a lighthouse\u0000 at dusk');
    expect(promptBox()).toHaveAttribute('aria-invalid', 'true');
    expect(generateButton()).toHaveAttribute('aria-disabled', 'true');
    expect(generateButton()).toHaveAccessibleDescription(
      'The prompt contains invisible control characters; remove them (retype the pasted part) to generate. Tabs and line breaks are fine.',
    );
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(fake.callsTo('generate:enqueue')).toEqual([]);

    await user.clear(promptBox());
    await user.paste('a lighthouse\tat dusk\r\nfog');
    expect(promptBox()).toHaveAttribute('aria-invalid', 'false');
    expect(generateButton()).toHaveAttribute('aria-disabled', 'false');
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(fake.callsTo('generate:enqueue')).toHaveLength(1));
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

  it('shows each ratio’s shape and pixel size, named by the ratio alone', async () => {
    await renderApp();
    const radio = screen.getByRole('radio', { name: '16:9' });
    expect(radio).toHaveAccessibleDescription('1360 × 768');
    expect(screen.getByRole('radio', { name: '1:1' })).toHaveAccessibleDescription('1024 × 1024');
    expect(screen.getByText('768 × 1360')).toBeInTheDocument();
  });

  it('queues on Ctrl+Enter with the exact enqueue input', async () => {
    const { fake, user } = await renderApp();
    await user.click(screen.getByRole('radio', { name: '9:16' }));
    await user.type(promptBox(), 'A red kite over dunes');
    await user.keyboard('{Control>}{Enter}{/Control}');

    await waitFor(() => expect(fake.callsTo('generate:enqueue')).toHaveLength(1));
    expect(fake.callsTo('generate:enqueue')[0]).toEqual({
      model: 'reve/create-image',
      sources: [],
      prompt: 'A red kite over dunes',
      aspectRatios: ['9:16'],
      count: 1,
      delivery: 'url',
      outputFormat: null,
    });
    // The shortcut does not type a newline into the prompt.
    expect(promptBox()).toHaveValue('A red kite over dunes');
  });

  it('takes the shortcut anywhere in the composer, e.g. right after picking a ratio', async () => {
    const { fake, user } = await renderApp();
    await user.type(promptBox(), 'Basalt columns');
    await user.click(screen.getByRole('radio', { name: '4:3' }));
    expect(screen.getByRole('radio', { name: '4:3' })).toHaveFocus();
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(fake.callsTo('generate:enqueue')).toHaveLength(1));
    expect(fake.callsTo('generate:enqueue')[0]).toMatchObject({ prompt: 'Basalt columns', aspectRatios: ['4:3'] });
  });

  it('sends count, fan-out ratios, delivery and output format exactly as chosen', async () => {
    const { fake, user } = await renderApp();
    await user.type(promptBox(), 'Glass orchard');

    const count = screen.getByRole('spinbutton', { name: 'Images per ratio' });
    await user.clear(count);
    await user.type(count, '3');
    expect(count).toHaveValue(3);

    await user.click(screen.getByRole('checkbox', { name: 'Fan out across ratios' }));
    expect(screen.queryByRole('radiogroup', { name: 'Aspect ratio' })).not.toBeInTheDocument();
    const ratios = screen.getByRole('group', { name: 'Aspect ratios' });
    // The ratio picked before fan-out stays checked; click order does not matter, picker order does.
    expect(within(ratios).getByRole('checkbox', { name: '3:2' })).toBeChecked();
    await user.click(within(ratios).getByRole('checkbox', { name: '1:1' }));
    await user.click(within(ratios).getByRole('checkbox', { name: '16:9' }));
    await user.click(within(ratios).getByRole('checkbox', { name: '3:2' }));

    // Delivery and output format live in the Advanced popover on the bar.
    await user.click(screen.getByRole('button', { name: 'Advanced' }));
    await user.click(screen.getByRole('radio', { name: 'Inline (base64)' }));
    const format = screen.getByRole('combobox', { name: 'Output format' });
    expect(
      within(format)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['API default', 'PNG', 'JPEG', 'WebP']);
    expect(format).toHaveAccessibleDescription(/does not document/);
    await user.selectOptions(format, 'WebP');
    // The non-default choices stay visible on the bar once the popover closes.
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('combobox', { name: 'Output format' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Advanced (Inline · WebP)' })).toHaveFocus();

    // 2 ratios × 3 images; 6 × 126,000 credits ≈ $0.378.
    expect(generateButton()).toHaveTextContent('Generate 6 images');
    expect(screen.getByText('≈ $0.38')).toBeInTheDocument();
    expect(generateButton()).toHaveAccessibleDescription('Estimated cost ≈ $0.38 for 6 images.');

    await user.click(generateButton());
    await waitFor(() => expect(fake.callsTo('generate:enqueue')).toHaveLength(1));
    expect(fake.callsTo('generate:enqueue')[0]).toEqual({
      model: 'reve/create-image',
      sources: [],
      prompt: 'Glass orchard',
      aspectRatios: ['16:9', '1:1'],
      count: 3,
      delivery: 'base64',
      outputFormat: 'webp',
    });
  });

  it('keeps at least one ratio checked with fan-out', async () => {
    const { user } = await renderApp();
    await user.click(screen.getByRole('checkbox', { name: 'Fan out across ratios' }));
    const only = screen.getByRole('checkbox', { name: '3:2' });
    await user.click(only);
    expect(only).toBeChecked();
    expect(generateButton()).toHaveTextContent(/^Generate$/);
    expect(screen.getByText('≈ $0.06')).toBeInTheDocument();
  });

  it('clamps the images per ratio to 1–8', async () => {
    const { user } = await renderApp();
    const count = screen.getByRole('spinbutton', { name: 'Images per ratio' });
    expect(count).toHaveAttribute('min', '1');
    expect(count).toHaveAttribute('max', '8');
    await user.clear(count);
    await user.type(count, '12');
    expect(count).toHaveValue(8);
    expect(generateButton()).toHaveTextContent('Generate 8 images');
  });

  it('stays usable while jobs run: a second click queues another batch', async () => {
    const { fake, user } = await renderApp();
    await user.type(promptBox(), 'Salt flats');
    await user.keyboard('{Meta>}{Enter}{/Meta}');
    await waitFor(() => expect(fake.callsTo('generate:enqueue')).toHaveLength(1));

    const status = within(screen.getByRole('form', { name: 'Compose' })).getByRole('status');
    await waitFor(() => expect(status).toHaveTextContent('Queued 1 image.'));
    expect(generateButton()).toHaveAttribute('aria-disabled', 'false');
    // The queue opens from the header's activity indicator and stays open while Generate is clicked again.
    await within(await openQueue(user)).findByText('Queued');

    await user.click(generateButton());
    await waitFor(() => expect(fake.callsTo('generate:enqueue')).toHaveLength(2));
    await waitFor(() => expect(within(queue()).getAllByRole('listitem')).toHaveLength(2));
    expect(promptBox()).toHaveValue('Salt flats');
  });

  it('does not queue the same click twice while main is answering', async () => {
    const { fake, user } = await renderApp();
    const pending = deferred<ChannelReply<'generate:enqueue'>>();
    fake.reply('generate:enqueue', () => pending.promise);
    await user.type(promptBox(), 'Glass orchard');
    await user.click(generateButton());
    expect(generateButton()).toHaveAttribute('aria-disabled', 'true');
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(fake.callsTo('generate:enqueue')).toHaveLength(1);
    await act(async () => pending.resolve({ ok: true, value: [] }));
    expect(generateButton()).toHaveAttribute('aria-disabled', 'false');
  });

  it('keeps the prompt after a refusal and shows the message with details on demand', async () => {
    const { fake, user } = await renderApp();
    fake.reply('generate:enqueue', fail(appError('invalid-input', 'At most 8 images per ratio.', { detail: 'count: too big' })));
    await user.type(promptBox(), 'Moss on basalt, macro');
    await user.click(generateButton());

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('At most 8 images per ratio.');
    expect(promptBox()).toHaveValue('Moss on basalt, macro');

    const detail = within(alert).getByText(/count: too big/);
    expect(detail).not.toBeVisible();
    const toggle = within(alert).getByRole('button', { name: 'Details' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(detail).toBeVisible();

    // The prompt can be sent again as it is.
    fake.restore('generate:enqueue');
    await user.click(generateButton());
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
    expect(fake.callsTo('generate:enqueue')).toHaveLength(2);
  });

  it('offers key settings when there is no key', async () => {
    const { fake, user } = await renderApp({ key: { stored: false, last4: null, storage: null } });
    await user.click(within(screen.getByRole('dialog', { name: 'Welcome to Reverie' })).getByRole('button', { name: 'Later' }));
    await user.type(promptBox(), 'Dusk');
    await user.click(generateButton());
    const alert = await screen.findByRole('alert');
    // Said once, in main's words (issue 11, defect 1): no headline repeating the sentence.
    expect(alert).toHaveTextContent('Add your AI/ML API key in Settings first.');
    expect(alert).not.toHaveTextContent('No API key yet');
    expect(fake.callsTo('generate:enqueue')).toHaveLength(1);

    await user.click(within(alert).getByRole('button', { name: 'Open key settings' }));
    expect(screen.getByRole('dialog', { name: 'Settings' })).toBeInTheDocument();
    expect(screen.getByLabelText('API key')).toHaveFocus();
    // The modal dialog hides the studio; closed, the prompt is still there.
    await user.keyboard('{Escape}');
    expect(promptBox()).toHaveValue('Dusk');
  });

  it('recovers when the bridge itself rejects', async () => {
    const { fake, user } = await renderApp();
    fake.reply('generate:enqueue', () => Promise.reject(new Error('ipc closed')));
    await user.type(promptBox(), 'Quiet');
    await user.click(generateButton());
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(/could not reach its background process/);
    expect(generateButton()).toHaveAttribute('aria-disabled', 'false');
  });
});
