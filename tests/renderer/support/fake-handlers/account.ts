import type { accountHandlers as mainAccountHandlers } from '../../../../electron/main/services/studio/handlers/account';
import { DOC_CREDITS_PER_IMAGE } from '../../../../electron/shared/constants';
import { ok } from '../../../../electron/shared/errors';
import type { FakeReverie } from '../fake-reverie';
import type { FakeHandlersFor } from './types';

/** The balance main last read (tests set `fake.balance`), and the docs' prices. */
export function accountHandlers(fake: FakeReverie): FakeHandlersFor<typeof mainAccountHandlers> {
  return {
    'account:balance': () => ok({ ...fake.balance }),
    'pricing:get': () => ok({ creditsPerImage: { ...DOC_CREDITS_PER_IMAGE }, source: 'docs' as const, readAt: null }),
  };
}
