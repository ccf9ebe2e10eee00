import type { Handlers } from '../../../../shared/contract';
import { ok } from '../../../../shared/errors';
import type { StudioContext } from '../context';

type PromptHandlers = Pick<Handlers, 'history:list' | 'templates:list' | 'templates:save' | 'templates:delete' | 'draft:get' | 'draft:save'>;

/** Prompts kept in the library folder: the history of prompts sent, saved templates, the composer's draft. */
export function promptHandlers({ session, now }: StudioContext): PromptHandlers {
  return {
    'history:list': async (query) => ok(session().history.list(query)),
    'templates:list': async () => ok(session().templates.list()),
    'templates:save': async (input) => session().templates.save(input, now()),
    'templates:delete': async ({ id }) => ok(session().templates.delete(id)),
    'draft:get': async () => ok(session().draft.get()),
    'draft:save': async (input) => {
      session().draft.save(input);
      return ok(null);
    },
  };
}
