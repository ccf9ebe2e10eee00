import type { Handlers } from '../../../../shared/contract';
import { DOC_CREDITS_PER_IMAGE } from '../../../../shared/constants';
import { ok } from '../../../../shared/errors';
import type { StudioContext } from '../context';

type AccountHandlers = Pick<Handlers, 'account:balance' | 'pricing:get'>;

/**
 * The account's balance and the models' prices. Until the balance is read from the API it is
 * unknown (the header shows none), and the estimates are the docs' figures.
 */
export function accountHandlers(_context: StudioContext): AccountHandlers {
  return {
    'account:balance': async () => ok({ usd: null, readAt: null }),
    'pricing:get': async () => ok({ creditsPerImage: { ...DOC_CREDITS_PER_IMAGE }, source: 'docs' as const, readAt: null }),
  };
}
