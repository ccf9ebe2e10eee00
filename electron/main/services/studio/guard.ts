import { CHANNEL_NAMES, type ChannelName, type ChannelReply, type Handlers, type ParsedInput } from '../../../shared/contract';
import { appError, fail } from '../../../shared/errors';
import { damagedLibraryError } from '../library/damage-watch';
import type { CurrentLibrary } from './current-library';

/**
 * The channels that answer while the library folder is being swapped: they touch neither the
 * library nor its session. Typed against the contract, so a misspelt or removed channel fails typecheck.
 */
export const UNAFFECTED_BY_RELOCATION: ReadonlySet<ChannelName> = new Set<ChannelName>([
  'key:status',
  'key:save',
  'key:remove',
  'key:test',
  'settings:get',
  'network:status',
  'network:check',
  'shell:open-link',
  'notices:list',
  'notices:dismiss',
  'notices:reveal',
]);

type Handler<C extends ChannelName> = (input: ParsedInput<C>) => Promise<ChannelReply<C>>;
/** Handlers spelt over a type parameter: TypeScript then relates `set[channel]` to `Handler<channel>` (with the concrete `Handlers` it cannot). */
type HandlerSet<K extends ChannelName> = { [C in K]: Handler<C> };

/**
 * Every handler behind two rules: while the folder is being swapped only the unaffected channels
 * answer, and a damaged database answers with the way out (and offers the rebuild) instead of a
 * generic internal error.
 */
export function guardHandlers(handlers: Handlers, library: CurrentLibrary): Handlers {
  return mapHandlers<ChannelName>(
    handlers,
    CHANNEL_NAMES,
    (channel, handler) => (input) =>
      library.relocating() && !UNAFFECTED_BY_RELOCATION.has(channel)
        ? Promise.resolve(fail(appError('invalid-input', 'The library is being moved; try again in a moment.')))
        : Promise.resolve()
            .then(() => handler(input))
            .catch((error: unknown) => {
              if (library.session().damage.noteError(error)) return fail(damagedLibraryError());
              throw error;
            }),
  );
}

/** A new set with each of `channels` replaced by `wrap` of its handler, each keeping its own input and reply types. */
function mapHandlers<K extends ChannelName>(
  handlers: HandlerSet<K>,
  channels: readonly K[],
  wrap: <C extends K>(channel: C, handler: Handler<C>) => Handler<C>,
): HandlerSet<K> {
  const mapped: Partial<HandlerSet<K>> = {};
  for (const channel of channels) mapped[channel] = wrap(channel, handlers[channel]);
  if (!coversAll(mapped, channels)) throw new Error('A channel has no handler.');
  return mapped;
}

const coversAll = <K extends ChannelName>(set: Partial<HandlerSet<K>>, channels: readonly K[]): set is HandlerSet<K> =>
  channels.every((channel) => set[channel] !== undefined);
