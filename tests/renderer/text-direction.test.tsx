import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { act, screen, waitFor, within } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { textDirection } from '../../renderer/src/components/text-direction';
import { fakeId, makeItem, makeJob } from './support/fake-data';
import { cell, library, selectionActions, selectTiles } from './support/library-grid';
import { useLibraryGridLayout } from './support/library-grid-layout';
import { renderApp } from './support/render-app';

useLibraryGridLayout();

/**
 * Mixed-direction text (issue 11, defect 9): every text field and every place a prompt, tag or
 * collection name is shown lets the browser find its direction (`dir="auto"`), so a Hebrew or Arabic
 * prompt with English words in it reads in its own order. Three nets, so a new field or display
 * without it fails: the source (every <input>/<textarea> a person types text into), the studio as
 * rendered with its dialogs and forms open, and every text node that shows a right-to-left prompt.
 */

const SOURCE_ROOT = join(__dirname, '../../renderer/src');
/** The fields people type free text into; numbers, dates, URLs, keys and choices have a direction of their own. */
const TEXT_FIELD_TYPES = new Set(['text', 'search']);
const TEXT_FIELDS = 'textarea, input:not([type]), input[type="text"], input[type="search"]';

const PROMPT = 'שקיעה מעל הים, oil painting, 35mm';
const TAG = 'ים תיכון';
const COLLECTION = 'אוסף קיץ';
const TEMPLATE = 'תבנית {נושא}';

function tsxFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return tsxFiles(path);
    return entry.name.endsWith('.tsx') ? [path] : [];
  });
}

/** Every <input>/<textarea> written in the renderer's source, with its `type` (null when not a plain string) and whether it sets `dir`. */
function fieldsInSource(): Array<{ where: string; tag: string; type: string | null; hasDir: boolean }> {
  const found: Array<{ where: string; tag: string; type: string | null; hasDir: boolean }> = [];
  for (const file of tsxFiles(SOURCE_ROOT)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
    const visit = (node: ts.Node) => {
      if (ts.isJsxSelfClosingElement(node) || ts.isJsxOpeningElement(node)) {
        const tag = node.tagName.getText(source);
        if (tag === 'input' || tag === 'textarea') {
          const attributes = node.attributes.properties.filter(ts.isJsxAttribute);
          const named = (name: string) => attributes.find((attribute) => attribute.name.getText(source) === name);
          const typeAttribute = named('type');
          let type: string | null = 'text';
          if (typeAttribute) type = typeAttribute.initializer && ts.isStringLiteral(typeAttribute.initializer) ? typeAttribute.initializer.text : null;
          const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
          found.push({
            where: `${relative(SOURCE_ROOT, file)}:${line + 1}`,
            tag,
            type: tag === 'textarea' ? 'text' : type,
            hasDir: named('dir') !== undefined,
          });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

/** The text fields in the page now, each with where it sits, for a readable failure. */
const fieldsOnScreen = () =>
  [...document.querySelectorAll<HTMLElement>(TEXT_FIELDS)].map((field) => ({
    field: field.getAttribute('aria-label') ?? field.id ?? field.tagName,
    dir: field.getAttribute('dir'),
  }));

/** Opens a popover or panel by its button if it is closed; some surfaces are open from the start. */
async function openIfThere(user: UserEvent, name: RegExp): Promise<void> {
  const button = screen.queryAllByRole('button', { name }).find((candidate) => candidate.getAttribute('aria-expanded') !== 'true');
  if (button) await user.click(button);
}

describe('text fields and prompt displays find their own direction', () => {
  it('every text field in the renderer’s source sets dir (a new one without it fails here)', () => {
    const fields = fieldsInSource();
    // The scan finds the fields it must: the prompt box and the library search at least.
    expect(fields.filter((field) => field.tag === 'textarea').length).toBeGreaterThanOrEqual(1);
    expect(fields.filter((field) => field.type === 'search').length).toBeGreaterThanOrEqual(1);
    const typed = fields.filter((field) => field.type === null || TEXT_FIELD_TYPES.has(field.type));
    expect(typed.filter((field) => !field.hasDir).map((field) => `${field.where} <${field.tag}>`)).toEqual([]);
  });

  it('every text field of the studio, its settings, export, organize and prompt forms has dir="auto"', async () => {
    const items = [makeItem({ prompt: PROMPT, tags: [TAG] }), makeItem({ prompt: 'A lighthouse in fog' })];
    const { user } = await renderApp({
      library: items,
      collections: [{ id: fakeId(), name: COLLECTION, createdAt: 1 }],
      history: [{ text: PROMPT, lastUsedAt: 1, useCount: 1 }],
      templates: [{ id: fakeId(), name: 'Harbour', text: TEMPLATE, createdAt: 1, updatedAt: 1 }],
    });
    await waitFor(() => expect(cell(PROMPT)).toBeInTheDocument());
    const seen = new Set<string>();
    const check = () => {
      const fields = fieldsOnScreen();
      for (const { field } of fields) seen.add(field);
      expect(fields.filter(({ dir }) => dir !== 'auto')).toEqual([]);
    };

    check(); // the studio: the prompt and the library search
    expect(screen.getByRole('textbox', { name: 'Prompt' })).toHaveAttribute('dir', 'auto');

    await openIfThere(user, /^Filters/);
    check();
    await user.keyboard('{Escape}');

    await openIfThere(user, /^Prompt history/);
    check();
    await user.keyboard('{Escape}');
    await openIfThere(user, /^Saved prompts/);
    await user.click(screen.getByRole('button', { name: 'Save as template' }));
    check();
    await user.click(screen.getAllByRole('button', { name: 'Use' }).at(-1)!);
    check(); // the template's {variable} form
    await user.keyboard('{Escape}');

    await selectTiles(user, PROMPT);
    await user.click(within(selectionActions()).getByRole('button', { name: 'Add tag' }));
    check();
    await user.keyboard('{Escape}');
    await user.click(within(selectionActions()).getByRole('button', { name: 'Add to collection' }));
    const form = within(library()).getByRole('form', { name: 'Add to collection' });
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Collection to add to' }), 'New collection…');
    check();
    await user.keyboard('{Escape}');

    await user.click(within(selectionActions()).getByRole('button', { name: 'Export…' }));
    await screen.findByRole('dialog', { name: 'Export' });
    check();
    await user.click(within(screen.getByRole('dialog', { name: 'Export' })).getByRole('button', { name: 'Close' }));

    await user.click(screen.getByRole('button', { name: 'Settings' }));
    const settings = await screen.findByRole('dialog', { name: 'Settings' });
    for (const tab of within(settings).getAllByRole('tab')) {
      await user.click(tab);
      check();
    }

    // Enough of the page was visited for the check to mean something.
    expect(seen.size).toBeGreaterThanOrEqual(8);
  });

  it('every place that shows a right-to-left prompt, tag or collection name lets it find its direction', async () => {
    const collectionId = fakeId();
    const { fake, user } = await renderApp({
      library: [makeItem({ prompt: PROMPT, tags: [TAG], collectionIds: [collectionId] })],
      collections: [{ id: collectionId, name: COLLECTION, createdAt: 1 }],
      jobs: [makeJob({ prompt: PROMPT, state: 'sending' })],
      history: [{ text: PROMPT, lastUsedAt: 1, useCount: 1 }],
      templates: [{ id: fakeId(), name: COLLECTION, text: PROMPT, createdAt: 1, updatedAt: 1 }],
    });
    await waitFor(() => expect(cell(PROMPT)).toBeInTheDocument());
    const marks = [PROMPT.slice(0, 12), TAG, COLLECTION];
    const shown = new Map<string, number>();

    /** Every text node holding one of the marks sits in an element (or a <bdi>) whose direction is its own. */
    const check = (surface: string) => {
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      const wrong: string[] = [];
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        const mark = marks.find((candidate) => text.includes(candidate));
        if (!mark || node.parentElement?.closest('[hidden], [aria-hidden="true"]')) continue;
        shown.set(surface, (shown.get(surface) ?? 0) + 1);
        const holder = node.parentElement?.closest('[dir], bdi');
        if (!holder || (holder.tagName !== 'BDI' && holder.getAttribute('dir') !== 'auto'))
          wrong.push(`${surface}: “${text.slice(0, 30)}” in <${node.parentElement?.tagName.toLowerCase()} class="${node.parentElement?.className}">`);
      }
      // Text carried in an attribute (an image's alt) gets its direction worked out (textDirection).
      for (const image of document.querySelectorAll('img[alt]')) {
        const alt = image.getAttribute('alt') ?? '';
        if (marks.some((mark) => alt.includes(mark)) && image.getAttribute('dir') !== 'rtl')
          wrong.push(`${surface}: <img alt="${alt.slice(0, 30)}"> dir=${image.getAttribute('dir')}`);
      }
      expect(wrong).toEqual([]);
    };

    check('studio'); // gallery tile (caption, tags, image), pending job, inspector, sidebar
    await openIfThere(user, /^\d+ running|^Queue|^Activity/);
    check('queue');
    await user.keyboard('{Escape}');
    await openIfThere(user, /^Prompt history/);
    check('history');
    await user.keyboard('{Escape}');
    await openIfThere(user, /^Saved prompts/);
    check('saved prompts');
    await user.keyboard('{Escape}');

    await selectTiles(user, PROMPT);
    await user.click(within(selectionActions()).getByRole('button', { name: 'Export…' }));
    await user.click(await screen.findByRole('button', { name: 'Choose folder and export' }));
    await screen.findByRole('progressbar');
    const [exportId] = [...fake.exports.keys()];
    act(() =>
      fake.emit('export:finished', {
        exportId: exportId!,
        destination: '/out',
        summary: {
          written: [],
          images: 0,
          skipped: [],
          failed: [{ id: fake.library[0]!.id, prompt: PROMPT, reason: 'the file is missing' }],
          archive: null,
          cancelled: false,
        },
      }),
    );
    await screen.findByRole('region', { name: 'Failed (1)' });
    check('export summary');
    await user.click(within(screen.getByRole('dialog', { name: 'Export' })).getByRole('button', { name: 'Close' }));

    cell(PROMPT).focus();
    await user.keyboard('{Enter}');
    await screen.findByRole('dialog', { name: new RegExp(PROMPT.slice(0, 6)) });
    check('viewer');

    for (const surface of ['studio', 'history', 'saved prompts', 'export summary', 'viewer']) expect(shown.get(surface), surface).toBeGreaterThan(0);
  });
});

describe('textDirection', () => {
  it('is the direction of the first letter, as dir="auto" finds it', () => {
    expect(textDirection(PROMPT)).toBe('rtl');
    expect(textDirection('35, שקיעה')).toBe('rtl');
    expect(textDirection('35mm, שקיעה')).toBe('ltr');
    expect(textDirection('غروب الشمس over the sea')).toBe('rtl');
    expect(textDirection('sunset, שקיעה')).toBe('ltr');
    expect(textDirection('日本の海')).toBe('ltr');
    expect(textDirection('2025 — 🌅')).toBe('ltr');
  });
});
