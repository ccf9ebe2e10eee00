import type { Handlers } from '../../../../shared/contract';
import { ok } from '../../../../shared/errors';
import type { StudioContext } from '../context';

type SettingsHandlers = Pick<Handlers, 'key:status' | 'key:save' | 'key:remove' | 'settings:get' | 'settings:update'>;

/** The API key (in the keychain, through the vault) and the settings, with what a changed setting sets in motion. */
export function settingsHandlers({ vault, settings, session, network, deps }: StudioContext): SettingsHandlers {
  return {
    'key:status': async () => ok(await vault.status()),
    'key:save': (input) => vault.save(input),
    'key:remove': () => vault.remove(),
    'settings:get': async () => ok(settings.view()),
    'settings:update': async (patch) => {
      const view = await settings.update(patch);
      // A higher limit may start waiting jobs now; a new budget changes what "reached" means.
      if (patch.concurrency !== undefined) session().queue.kick();
      if (patch.dailyBudgetUsd !== undefined) deps.emit('cost:changed', session().ledger.summary());
      if (patch.apiBaseUrl !== undefined) void network.check();
      return ok(view);
    },
  };
}
