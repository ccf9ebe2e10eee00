import type { ChannelName, ChannelReply, ParsedInput } from '../../../../electron/shared/contract';

/**
 * The fake main process's side of some channels: like main's Handlers (electron/shared/contract.ts),
 * each receives its input already parsed by the real dispatcher, but may answer synchronously.
 */
export type FakeHandlers<C extends ChannelName> = { [K in C]: (input: ParsedInput<K>) => ChannelReply<K> };

/**
 * The fake's answers for exactly the channels one of main's handler files answers
 * (electron/main/services/studio/handlers/): each file here stands in for the one of the same name.
 */
export type FakeHandlersFor<MainHandlers extends (...args: never[]) => object> = FakeHandlers<keyof ReturnType<MainHandlers> & ChannelName>;
