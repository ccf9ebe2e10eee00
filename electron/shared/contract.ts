import { z } from 'zod';
import {
  ApiKeyInput,
  ComposerDraft,
  EnqueueInput,
  HistoryQuery,
  JobRef,
  LibraryPageInput,
  OpenLinkInput,
  SettingsUpdate,
  TemplateInput,
  TemplateRef,
  type CostSummary,
  type Job,
  type KeyStatus,
  type LibraryItem,
  type LibraryPage,
  type PromptHistoryEntry,
  type PromptTemplate,
  type QueueSnapshot,
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
  /** Queues `count` jobs per aspect ratio; refused before anything is sent when there is no key or the budget is reached. */
  'generate:enqueue': { input: EnqueueInput, output: returns<Job[]>() },
  'queue:list': { input: NoInput, output: returns<QueueSnapshot>() },
  'queue:cancel': { input: JobRef, output: returns<Job>() },
  'queue:cancel-all': { input: NoInput, output: returns<QueueSnapshot>() },
  /** Sends a finished job again with its exact parameters: the user asked, so a new charge is expected. */
  'queue:retry': { input: JobRef, output: returns<Job>() },
  /** Fetches a paid image again from the URL the API gave, without a new request to the API. */
  'queue:download-again': { input: JobRef, output: returns<Job>() },
  /** Starts jobs restored from the last session. */
  'queue:resume': { input: NoInput, output: returns<QueueSnapshot>() },
  'queue:dismiss': { input: JobRef, output: returns<QueueSnapshot>() },
  'queue:clear-finished': { input: NoInput, output: returns<QueueSnapshot>() },
  'cost:summary': { input: NoInput, output: returns<CostSummary>() },
  'history:list': { input: HistoryQuery, output: returns<PromptHistoryEntry[]>() },
  'templates:list': { input: NoInput, output: returns<PromptTemplate[]>() },
  'templates:save': { input: TemplateInput, output: returns<PromptTemplate>() },
  'templates:delete': { input: TemplateRef, output: returns<PromptTemplate[]>() },
  'draft:get': { input: NoInput, output: returns<ComposerDraft | null>() },
  'draft:save': { input: ComposerDraft, output: returns<null>() },
  /** Opens one of the named pages in EXTERNAL_LINKS in the system browser. */
  'shell:open-link': { input: OpenLinkInput, output: returns<null>() },
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
  /** A job was added or changed state. */
  'queue:job-updated': Job;
  /** Jobs left the queue list (dismissed or cleared). */
  'queue:jobs-removed': { jobIds: string[] };
  /** The queue was paused or resumed, or its concurrency changed. */
  'queue:status': { paused: boolean; concurrency: number };
  /** Spend changed (a charge was recorded, or the budget setting changed). */
  'cost:changed': CostSummary;
}
export type EventName = keyof Events;
export const EVENT_NAMES: readonly EventName[] = ['library:item-added', 'queue:job-updated', 'queue:jobs-removed', 'queue:status', 'cost:changed'];
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
