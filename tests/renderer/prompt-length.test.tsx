import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { PROMPT_MAX_LENGTH } from '../../electron/shared/domain';
import { renderApp } from './support/render-app';

/**
 * The composer counts characters as main and the API do (electron/shared/prompt-length.ts): an
 * emoji is one, though it is two UTF-16 units. The fake bridge parses what is sent with main's own
 * schema (tests/renderer/support/fake-reverie.ts), so a prompt that reaches the fake's queue was
 * accepted by main's `Prompt` too.
 */
const EMOJI = '😀';
const promptBox = () => screen.getByRole('textbox', { name: 'Prompt' });
const generateButton = () => screen.getByRole('button', { name: /^Generate/ });

describe('prompt length in characters', () => {
  it(`counts ${PROMPT_MAX_LENGTH} emoji as ${PROMPT_MAX_LENGTH}, and sends them: neither this page nor main refuses them`, async () => {
    const { fake, user } = await renderApp();
    await user.click(promptBox());
    await user.paste(EMOJI.repeat(PROMPT_MAX_LENGTH));

    expect(screen.getByText(`${PROMPT_MAX_LENGTH} / ${PROMPT_MAX_LENGTH}`)).toBeInTheDocument();
    expect(promptBox()).toHaveAttribute('aria-invalid', 'false');
    expect(generateButton()).toHaveAttribute('aria-disabled', 'false');

    await user.click(generateButton());
    await waitFor(() => expect(fake.callsTo('generate:enqueue')).toHaveLength(1));
    expect(fake.callsTo('generate:enqueue')[0]?.prompt).toBe(EMOJI.repeat(PROMPT_MAX_LENGTH));
    await waitFor(() => expect(fake.jobs.size).toBe(1));
    expect(screen.queryByText(/at most 2560 characters/)).not.toBeInTheDocument();
  });

  it('sends a prompt of letters and surrogate pairs exactly at the limit', async () => {
    const { fake, user } = await renderApp();
    const prompt = `${'a'.repeat(PROMPT_MAX_LENGTH - 10)}${'𝒜'.repeat(10)}`;
    await user.click(promptBox());
    await user.paste(prompt);
    expect(screen.getByText(`${PROMPT_MAX_LENGTH} / ${PROMPT_MAX_LENGTH}`)).toBeInTheDocument();
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(fake.jobs.size).toBe(1));
  });

  it(`refuses ${PROMPT_MAX_LENGTH + 1} emoji and says by how many characters it is over`, async () => {
    const { fake, user } = await renderApp();
    await user.click(promptBox());
    await user.paste(EMOJI.repeat(PROMPT_MAX_LENGTH + 1));

    const counter = screen.getByText(new RegExp(`^${PROMPT_MAX_LENGTH + 1} / ${PROMPT_MAX_LENGTH}`));
    expect(counter).toHaveTextContent('(1 over)');
    expect(promptBox()).toHaveAttribute('aria-invalid', 'true');
    expect(generateButton()).toHaveAttribute('aria-disabled', 'true');
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(fake.callsTo('generate:enqueue')).toEqual([]);
  });
});
