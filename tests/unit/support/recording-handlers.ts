import { createDispatcher } from '../../../electron/main/ipc/dispatch';
import { CHANNEL_NAMES, type ChannelName, type Handlers } from '../../../electron/shared/contract';
import { ok } from '../../../electron/shared/errors';

/** What a recording handler answers by default. */
export const REACHED = ok('reached');

/**
 * A handler for every channel that only records that it was reached (in order) and answers
 * `behaviour(channel)`, by default REACHED: for testing what stands in front of the handlers.
 */
export function recordingHandlers(behaviour: (channel: ChannelName) => Promise<unknown> = async () => REACHED) {
  const reached: ChannelName[] = [];
  const handlers = Object.fromEntries(
    CHANNEL_NAMES.map((channel) => [
      channel,
      () => {
        reached.push(channel);
        return behaviour(channel);
      },
    ]),
  ) as unknown as Handlers;
  return { handlers, reached };
}

/** The real IPC dispatcher over recording handlers: an input the boundary refuses never reaches its handler. */
export function recordingDispatcher() {
  const { handlers, reached } = recordingHandlers();
  const bugs: unknown[] = [];
  const dispatch = createDispatcher(handlers, (_channel, error) => bugs.push(error));
  return { dispatch, reached, bugs };
}
