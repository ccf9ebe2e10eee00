import type { networkHandlers as mainNetworkHandlers } from '../../../../electron/main/services/studio/handlers/network';
import { ok } from '../../../../electron/shared/errors';
import type { FakeReverie } from '../fake-reverie';
import type { FakeHandlersFor } from './types';

/** Whether the API can be reached (tests set `network.online` to what a check finds), and the allow-listed links. */
export function networkHandlers(fake: FakeReverie): FakeHandlersFor<typeof mainNetworkHandlers> {
  return {
    'network:status': () => ok({ ...fake.network }),
    'network:check': () => {
      fake.network = { ...fake.network, checkedAt: fake.tick() };
      return ok({ ...fake.network });
    },
    'shell:open-link': ({ link }) => {
      fake.openedLinks.push(link);
      return ok(null);
    },
  };
}
