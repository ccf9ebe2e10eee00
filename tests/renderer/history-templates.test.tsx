import { screen, waitFor, within } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { PromptTemplate } from '../../electron/shared/domain';
import { HISTORY_SEARCH_DELAY_MS } from '../../renderer/src/features/history/prompt-history';
import { fakeId } from './support/fake-data';
import { letTimePass, typeOnHeldClock } from './support/held-clock';
import { renderApp } from './support/render-app';

const history = () => screen.getByRole('region', { name: 'Prompt history' });
const saved = () => screen.getByRole('region', { name: 'Saved prompts' });
const promptBox = () => screen.getByRole('textbox', { name: 'Prompt' });
/** Both live in popovers opened from the prompt bar. */
const openHistory = (user: UserEvent) => user.click(screen.getByRole('button', { name: 'Prompt history' }));
const openSaved = (user: UserEvent) => user.click(screen.getByRole('button', { name: 'Saved prompts' }));
const popover = (name: string) => screen.queryByRole('dialog', { name });

function template(name: string, text: string): PromptTemplate {
  return { id: fakeId(), name, text, createdAt: 1, updatedAt: 1 };
}

describe('prompt history', () => {
  it('lists sent prompts newest first and searches them through main', async () => {
    const { fake, user } = await renderApp({
      history: [
        { text: 'Old harbour at night', lastUsedAt: 1000, useCount: 1 },
        { text: 'Desert rose, macro', lastUsedAt: 3000, useCount: 4 },
        { text: 'Harbour at dawn', lastUsedAt: 2000, useCount: 2 },
      ],
    });
    await openHistory(user);
    const uses = () => within(history()).getAllByRole('button', { name: 'Use' });
    expect(uses()).toHaveLength(3);
    expect(uses()[0]).toHaveAccessibleDescription('Desert rose, macro');
    expect(uses()[2]).toHaveAccessibleDescription('Old harbour at night');

    // Debounced: one request for the whole word, typed with no time between the keys (support/held-clock.ts).
    typeOnHeldClock(within(history()).getByRole('searchbox', { name: 'Search prompts' }), 'harbour');
    await letTimePass(HISTORY_SEARCH_DELAY_MS);
    await waitFor(() => expect(uses()).toHaveLength(2));
    expect(fake.callsTo('history:list')).toEqual([{ query: '' }, { query: 'harbour' }]);
    expect(uses()[0]).toHaveAccessibleDescription('Harbour at dawn');
  });

  it('Use loads the prompt into the composer and sends nothing', async () => {
    const { fake, user } = await renderApp({ history: [{ text: 'Harbour at dawn', lastUsedAt: 1, useCount: 1 }] });
    await user.type(promptBox(), 'something else');
    await openHistory(user);
    await user.click(within(history()).getByRole('button', { name: 'Use' }));
    expect(promptBox()).toHaveValue('Harbour at dawn');
    // The popover closes and hands focus to the prompt, not back to its button.
    expect(popover('Prompt history')).not.toBeInTheDocument();
    expect(promptBox()).toHaveFocus();
    expect(fake.callsTo('generate:enqueue')).toEqual([]);
  });

  it('refreshes after each enqueue', async () => {
    const { fake, user } = await renderApp();
    await openHistory(user);
    expect(within(history()).getByText('Prompts you send appear here.')).toBeInTheDocument();
    await user.keyboard('{Escape}');
    await user.type(promptBox(), 'Lanterns on a river');
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    await openHistory(user);
    await waitFor(() => expect(within(history()).getByRole('button', { name: 'Use' })).toHaveAccessibleDescription('Lanterns on a river'));
    expect(fake.callsTo('history:list')).toHaveLength(2);
  });
});

describe('saved prompts', () => {
  it('saves the composer’s prompt under a name', async () => {
    const { fake, user } = await renderApp();
    await user.click(promptBox());
    await user.paste('Portrait of {subject}, {style}');
    await openSaved(user);
    await user.click(within(saved()).getByRole('button', { name: 'Save as template' }));
    await user.type(within(saved()).getByRole('textbox', { name: 'Template name' }), 'Portrait');
    await user.click(within(saved()).getByRole('button', { name: 'Save template' }));

    await waitFor(() => expect(within(saved()).queryByRole('textbox', { name: 'Template name' })).not.toBeInTheDocument());
    expect(fake.callsTo('templates:save')).toEqual([{ name: 'Portrait', text: 'Portrait of {subject}, {style}' }]);
    expect(within(saved()).getByRole('button', { name: 'Use' })).toHaveAccessibleDescription('Portrait');
    // The template form's submit stays in the popover: it never reaches the composer's form and queues nothing.
    expect(fake.callsTo('generate:enqueue')).toEqual([]);
  });

  it('shows main’s refusal when the name is missing', async () => {
    const { user } = await renderApp();
    await user.type(promptBox(), 'Anything');
    await openSaved(user);
    await user.click(within(saved()).getByRole('button', { name: 'Save as template' }));
    await user.click(within(saved()).getByRole('button', { name: 'Save template' }));
    expect(await within(saved()).findByRole('alert')).toHaveTextContent('Give the saved prompt a name.');
  });

  it('fills {subject} and {style} in a small form, then inserts into the prompt', async () => {
    const { fake, user } = await renderApp({ templates: [template('Portrait', 'Portrait of {subject}, {style}, {subject} again')] });
    await openSaved(user);
    await user.click(within(saved()).getByRole('button', { name: 'Use' }));

    // One field per variable, each once, in order of appearance.
    expect(
      within(saved())
        .getAllByRole('textbox')
        .map((field) => field.closest('.field')?.querySelector('label')?.textContent),
    ).toEqual(['subject', 'style']);
    const subject = within(saved()).getByRole('textbox', { name: 'subject' });
    expect(subject).toHaveFocus();
    await user.type(subject, 'an old fisherman');
    await user.type(within(saved()).getByRole('textbox', { name: 'style' }), 'charcoal sketch');
    await user.click(within(saved()).getByRole('button', { name: 'Insert into prompt' }));

    expect(promptBox()).toHaveValue('Portrait of an old fisherman, charcoal sketch, an old fisherman again');
    // The form and its popover close, and focus goes to the filled prompt.
    expect(popover('Saved prompts')).not.toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: 'subject' })).not.toBeInTheDocument();
    expect(promptBox()).toHaveFocus();
    expect(fake.callsTo('generate:enqueue')).toEqual([]);
  });

  it('loads a template without variables directly', async () => {
    const { user } = await renderApp({ templates: [template('Plain', 'A plain prompt')] });
    await openSaved(user);
    await user.click(within(saved()).getByRole('button', { name: 'Use' }));
    expect(promptBox()).toHaveValue('A plain prompt');
    expect(screen.queryByRole('button', { name: 'Insert into prompt' })).not.toBeInTheDocument();
    expect(popover('Saved prompts')).not.toBeInTheDocument();
    expect(promptBox()).toHaveFocus();
  });

  it('deletes a template', async () => {
    const doomed = template('Doomed', 'Gone soon');
    const { fake, user } = await renderApp({ templates: [doomed, template('Kept', 'Stays')] });
    await openSaved(user);
    const deletes = within(saved()).getAllByRole('button', { name: 'Delete' });
    expect(deletes[0]).toHaveAccessibleDescription('Doomed');
    await user.click(deletes[0]!);
    await waitFor(() => expect(within(saved()).getAllByRole('button', { name: 'Delete' })).toHaveLength(1));
    expect(fake.callsTo('templates:delete')).toEqual([{ id: doomed.id }]);
    expect(saved()).toHaveTextContent('Kept');
  });
});
