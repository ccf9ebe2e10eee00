import type { settingsHandlers as mainSettingsHandlers } from '../../../../electron/main/services/studio/handlers/settings';
import type { ParsedInput } from '../../../../electron/shared/contract';
import { CREDITS_PER_USD, DEFAULT_API_BASE_URL, type SettingsView } from '../../../../electron/shared/domain';
import { appError, fail, ok } from '../../../../electron/shared/errors';
import type { FakeReverie } from '../fake-reverie';
import type { FakeHandlersFor } from './types';

/** The API key (only its last four characters come back) and the settings. */
export function settingsHandlers(fake: FakeReverie): FakeHandlersFor<typeof mainSettingsHandlers> {
  return {
    'key:status': () => ok({ ...fake.keyStatus }),
    'key:save': ({ key, sessionOnly }) => {
      if (!sessionOnly && !fake.keyStatus.keychainAvailable) {
        return fail(appError('keychain-unavailable', 'The system keychain cannot be reached.'));
      }
      fake.receivedKeys.push(key);
      fake.keyStatus = { ...fake.keyStatus, stored: true, last4: key.slice(-4), storage: sessionOnly ? 'session' : 'keychain' };
      return ok({ ...fake.keyStatus });
    },
    'key:remove': () => {
      fake.keyStatus = { ...fake.keyStatus, stored: false, last4: null, storage: null };
      return ok({ ...fake.keyStatus });
    },
    // As main: the typed key, else the stored one; the fake API's account has $12.50 left.
    'key:test': ({ key }) => {
      if (key === undefined && !fake.keyStatus.stored) return fail(appError('no-key', 'Type a key in the field, or save one, to test it.'));
      return ok({ tested: key === undefined ? 'stored' : 'typed', balanceUsd: 12.5 });
    },
    'settings:get': () => ok({ ...fake.settings }),
    'settings:update': (update) => ok(updateSettings(fake, update)),
  };
}

/** Applies a settings change as main does, and tells the queue and the spend display what it touches. */
function updateSettings(fake: FakeReverie, update: ParsedInput<'settings:update'>): SettingsView {
  const next = { ...fake.settings };
  if (update.defaultAspectRatio !== undefined) next.defaultAspectRatio = update.defaultAspectRatio;
  if (update.concurrency !== undefined) next.concurrency = update.concurrency;
  if (update.notifyWhenDone !== undefined) next.notifyWhenDone = update.notifyWhenDone;
  if (update.dragFormat !== undefined) next.dragFormat = update.dragFormat;
  if (update.theme !== undefined) next.theme = update.theme;
  if (update.dailyBudgetUsd !== undefined) next.dailyBudgetUsd = update.dailyBudgetUsd;
  if (update.apiBaseUrl !== undefined) {
    next.apiBaseUrl = update.apiBaseUrl;
    if (next.apiBaseUrlSource !== 'environment') {
      next.apiBaseUrlSource = next.apiBaseUrl === null ? 'default' : 'settings';
      next.effectiveApiBaseUrl = next.apiBaseUrl ?? DEFAULT_API_BASE_URL;
    }
  }
  fake.settings = next;
  if (update.concurrency !== undefined) fake.emit('queue:status', { paused: fake.paused, concurrency: next.concurrency });
  if (update.dailyBudgetUsd !== undefined) {
    const budget = next.dailyBudgetUsd;
    fake.cost = { ...fake.cost, dailyBudgetUsd: budget, budgetReached: budget !== null && fake.cost.todayCredits >= budget * CREDITS_PER_USD };
    fake.emit('cost:changed', { ...fake.cost });
  }
  return { ...next };
}
