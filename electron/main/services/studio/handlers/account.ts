import type { Handlers } from '../../../../shared/contract';
import { ok } from '../../../../shared/errors';
import type { StudioContext } from '../context';

type AccountHandlers = Pick<Handlers, 'account:balance' | 'pricing:get'>;

/**
 * The account's balance (GET /v2/billing) and the models' prices (GET /v1/models?include=pricing).
 * Both answer at once with what is known (the last balance read, with its time; the live prices or
 * the docs' figures) and start a read in the background when it is due: the page never waits on
 * the network here. A new balance arrives as 'account:balance-changed'.
 */
export function accountHandlers(context: StudioContext): AccountHandlers {
  const { balance, prices } = context.account;
  return {
    'account:balance': async () => {
      // Only the saved figure is awaited (a small local file), never the API.
      await balance.ready;
      return ok(balance.ask());
    },
    'pricing:get': async () => ok(prices.ask()),
  };
}
