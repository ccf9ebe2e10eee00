import { z } from 'zod';
import {
  ApiKeyInput,
  GenerateInput,
  LibraryPageInput,
  SettingsUpdate,
  type KeyStatus,
  type LibraryItem,
  type LibraryPage,
  type SettingsView,
} from './domain';
import type { Result } from './errors';

/**
 * The whole IPC surface, once. Main parses every input with the channel's schema; the preload,
 * the renderer client and the test fakes derive their types from here and type nothing twice.
 */

/** Carries an output type without a runtime value. */
const returns = <T>() => undefined as unknown as T;

const NoInput = z.undefined();

export const channels = {
  'key:status': { input: NoInput, output: returns<KeyStatus>() },
  'key:save': { input: ApiKeyInput, output: returns<KeyStatus>() },
  'key:remove': { input: NoInput, output: returns<KeyStatus>() },
  'settings:get': { input: NoInput, output: returns<SettingsView>() },
  'settings:update': { input: SettingsUpdate, output: returns<SettingsView>() },
  'generate:create': { input: GenerateInput, output: returns<LibraryItem>() },
  'library:list': { input: LibraryPageInput, output: returns<LibraryPage>() },
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export const CHANNEL_NAMES = Object.keys(channels) as ChannelName[];

/** What the renderer passes (before defaults are applied). */
export type ChannelInput<C extends ChannelName> = z.input<Channels[C]['input']>;
/** What a handler in main receives, after parsing. */
export type ParsedInput<C extends ChannelName> = z.output<Channels[C]['input']>;
export type ChannelOutput<C extends ChannelName> = Channels[C]['output'];
export type ChannelReply<C extends ChannelName> = Result<ChannelOutput<C>>;

/** The main-process side of every channel: plain functions, no Electron. */
export type Handlers = { [C in ChannelName]: (input: ParsedInput<C>) => Promise<ChannelReply<C>> };

/** Main → renderer notifications. */
export interface Events {
  /** A new image entered the library (from any window or job). */
  'library:item-added': LibraryItem;
}
export type EventName = keyof Events;
export const EVENT_NAMES: readonly EventName[] = ['library:item-added'];
export type Emit = <E extends EventName>(event: E, payload: Events[E]) => void;

/** Library images are served by id under this origin, never by path. */
export const MEDIA_SCHEME = 'reverie-media';
export const MEDIA_BASE = `${MEDIA_SCHEME}://library`;

/** What the preload exposes as `window.reverie`, and nothing more. */
export interface ReverieApi {
  invoke<C extends ChannelName>(channel: C, ...input: ChannelInput<C> extends undefined ? [] : [ChannelInput<C>]): Promise<ChannelReply<C>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
  /** Prefix of media URLs: `${mediaBase}/${variant}/${id}`. */
  mediaBase: string;
}
