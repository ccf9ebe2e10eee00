import type { promptHandlers as mainPromptHandlers } from '../../../../electron/main/services/studio/handlers/prompts';
import type { PromptTemplate } from '../../../../electron/shared/domain';
import { ok } from '../../../../electron/shared/errors';
import { fakeId } from '../fake-data';
import type { FakeReverie } from '../fake-reverie';
import type { FakeHandlersFor } from './types';

/** The prompt history (which a generate adds to), saved prompts and the composer's draft. */
export function promptHandlers(fake: FakeReverie): FakeHandlersFor<typeof mainPromptHandlers> {
  return {
    'history:list': ({ query, limit }) => {
      const text = query.trim().toLowerCase();
      return ok(
        [...fake.history]
          .filter((entry) => entry.text.toLowerCase().includes(text))
          .sort((a, b) => b.lastUsedAt - a.lastUsedAt)
          .slice(0, limit),
      );
    },
    'templates:list': () => ok([...fake.templates]),
    'templates:save': ({ id, name, text }) => {
      const at = fake.tick();
      const existing = id ? fake.templates.find((template) => template.id === id) : undefined;
      const template: PromptTemplate = { id: existing?.id ?? fakeId(), name, text, createdAt: existing?.createdAt ?? at, updatedAt: at };
      fake.templates = [...fake.templates.filter((other) => other.id !== template.id), template];
      return ok(template);
    },
    'templates:delete': ({ id }) => {
      fake.templates = fake.templates.filter((template) => template.id !== id);
      return ok([...fake.templates]);
    },
    'draft:get': () => ok(fake.draft),
    'draft:save': (draft) => {
      fake.draft = draft;
      return ok(null);
    },
  };
}
