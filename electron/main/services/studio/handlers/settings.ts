import type { Handlers } from '../../../../shared/contract';
import { appError, fail, ok } from '../../../../shared/errors';
import { checkApiKey } from '../../api/key-check';
import type { StudioContext } from '../context';

type SettingsHandlers = Pick<Handlers, 'key:status' | 'key:save' | 'key:remove' | 'key:test' | 'settings:get' | 'settings:update'>;

/** The API key (in the keychain, through the vault) and the settings, with what a changed setting sets in motion. */
export function settingsHandlers({ vault, settings, session, network, deps }: StudioContext): SettingsHandlers {
  return {
    'key:status': async () => ok(await vault.status()),
    'key:save': (input) => vault.save(input),
    'key:remove': () => vault.remove(),
    'key:test': async ({ key }) => {
      // The typed key is tested as typed (not saved); without one, the stored key. Either stays in main.
      const apiKey = key ?? (await vault.current());
      if (apiKey === null) return fail(appError('no-key', 'Type a key in the field, or save one, to test it.'));
      const checked = await checkApiKey({ baseUrl: settings.apiBaseUrl(), apiKey, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
      return checked.ok ? ok({ tested: key === undefined ? 'stored' : 'typed', balanceUsd: checked.value.balanceUsd }) : checked;
    },
    'settings:get': async () => ok(settings.view()),
    'settings:update': async (patch) => {
      const view = await settings.update(patch);
      // A higher limit may start waiting jobs now; a new budget changes what "reached" means.
      if (patch.concurrency !== undefined) session().queue.kick();
      if (patch.dailyBudgetUsd !== undefined) deps.emit('cost:changed', session().ledger.summary());
      if (patch.apiBaseUrl !== undefined) void network.check();
      if (patch.theme !== undefined) deps.appearance?.apply(view.theme);
      return ok(view);
    },
  };
}
