import type { Handlers } from '../../../../shared/contract';
import { EXTERNAL_LINKS } from '../../../../shared/constants';
import { appError, fail, ok } from '../../../../shared/errors';
import type { StudioContext } from '../context';

type NetworkHandlers = Pick<Handlers, 'network:status' | 'network:check' | 'shell:open-link'>;

/** The world outside: whether the API can be reached, and the API's own pages in the system browser. */
export function networkHandlers({ network, deps }: StudioContext): NetworkHandlers {
  return {
    'network:status': async () => ok(network.status()),
    'network:check': async () => ok(await network.check()),
    'shell:open-link': async ({ link }) => {
      try {
        await deps.linkOpener.open(EXTERNAL_LINKS[link]);
        return ok(null);
      } catch {
        return fail(appError('internal', `The ${link} page could not be opened in your browser.`));
      }
    },
  };
}
