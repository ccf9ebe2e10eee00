import { z } from 'zod';
import {
  ApiKeyInput,
  KeyTestInput,
  type KeyTestResult,
  ClipboardCopy,
  DragStart,
  ExportRef,
  ExportStart,
  RestoreInput,
  type BackupResult,
  type DragReady,
  type ExportFinished,
  type ExportProgress,
  type RestoreResult,
  CollectionCreate,
  CollectionMembership,
  CollectionRef,
  CollectionRename,
  ComposerDraft,
  EmptyTrashInput,
  FavoriteInput,
  ImportInput,
  ItemRef,
  SelectionInput,
  TagInput,
  TagQuery,
  TagRename,
  type ChangeSummary,
  type Collection,
  type ImportResult,
  type LibraryLocation,
  type LibraryMoveResult,
  type MaintenanceReport,
  type NetworkStatus,
  type Notice,
  NoticeRef,
  type TagCount,
  EnqueueInput,
  HistoryQuery,
  JobRef,
  LibraryCountInput,
  LibraryPageInput,
  OpenLinkInput,
  SettingsUpdate,
  TemplateInput,
  TemplateRef,
  type CostSummary,
  type Job,
  type KeyStatus,
  type LibraryCounts,
  type LibraryItem,
  type LibraryPage,
  type PromptHistoryEntry,
  type PromptTemplate,
  type QueueSnapshot,
  type SettingsView,
  type AccountBalance,
  type ItemLineage,
  type ModelPrices,
} from './domain';
import type { ChannelName, EventName } from './channel-names';
import type { MenuCommand } from './constants';
import type { Result } from './errors';

export { CHANNEL_NAMES, EVENT_NAMES, MEDIA_BASE, MEDIA_SCHEME, type ChannelName, type EventName } from './channel-names';

/**
 * The whole IPC surface, once. Main parses every input with the channel's schema; the preload,
 * the renderer client and the test fakes derive their types from here and type nothing twice.
 * The names themselves live in channel-names.ts (zod-free, for the preload); each one has exactly
 * one entry here, or this file does not compile.
 */

/** Carries an output type without a runtime value. */
const returns = <T>() => undefined as unknown as T;

const NoInput = z.undefined();

interface ChannelEntry {
  input: z.ZodType;
  output: unknown;
}

/** Compiles only when `A` and `B` are the same set of names. */
type SameNames<A, B> = [Exclude<A, B>, Exclude<B, A>] extends [never, never] ? true : { missing: Exclude<B, A>; unlisted: Exclude<A, B> };

export const channels = {
  'key:status': { input: NoInput, output: returns<KeyStatus>() },
  'key:save': { input: ApiKeyInput, output: returns<KeyStatus>() },
  'key:remove': { input: NoInput, output: returns<KeyStatus>() },
  /**
   * Checks a key (the typed one, or the stored one) with a request that costs nothing (GET /v2/billing).
   * Refused (`unauthorized`), unreachable (`network`/`timeout`) and unclear answers come back as errors.
   */
  'key:test': { input: KeyTestInput, output: returns<KeyTestResult>() },
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
  /** How many items a query matches: the total a search's first page leaves out (LibraryPage.total). */
  'library:count': { input: LibraryCountInput, output: returns<number>() },
  'library:get': { input: ItemRef, output: returns<LibraryItem>() },
  /** How many items each of the sidebar's places holds (All, Favorites, Imported, Refused and failed, Trash, each collection and tag). */
  'library:counts': { input: NoInput, output: returns<LibraryCounts>() },
  'library:set-favorite': { input: FavoriteInput, output: returns<ChangeSummary>() },
  'library:add-tag': { input: TagInput, output: returns<ChangeSummary>() },
  'library:remove-tag': { input: TagInput, output: returns<ChangeSummary>() },
  /** Moves to the trash (undoable); nothing is deleted until the trash is emptied. */
  'library:trash': { input: SelectionInput, output: returns<ChangeSummary>() },
  'library:restore': { input: SelectionInput, output: returns<ChangeSummary>() },
  /** Deletes the trash for good, files included; needs `{ confirm: true }`. Not undoable. */
  'library:empty-trash': { input: EmptyTrashInput, output: returns<ChangeSummary>() },
  /** Reverts the last organize action (favorite, tag, collection, trash, restore). */
  'library:undo': { input: NoInput, output: returns<ChangeSummary>() },
  'library:import': { input: ImportInput, output: returns<ImportResult>() },
  /** Asks the user for image files (system dialog in main) and imports them: the File menu's Import Images…. */
  'library:import-picked': { input: NoInput, output: returns<ImportResult>() },
  /** Recreates the database from the image files and sidecars alone. */
  'library:rebuild': { input: NoInput, output: returns<MaintenanceReport>() },
  'library:location': { input: NoInput, output: returns<LibraryLocation>() },
  /** Asks the user for a new folder (system dialog in main) and moves the whole library there. */
  'library:move': { input: NoInput, output: returns<LibraryMoveResult>() },
  'tags:list': { input: TagQuery, output: returns<TagCount[]>() },
  'tags:rename': { input: TagRename, output: returns<ChangeSummary>() },
  'collections:list': { input: NoInput, output: returns<Collection[]>() },
  'collections:create': { input: CollectionCreate, output: returns<Collection>() },
  'collections:rename': { input: CollectionRename, output: returns<Collection>() },
  'collections:delete': { input: CollectionRef, output: returns<ChangeSummary>() },
  'collections:add': { input: CollectionMembership, output: returns<ChangeSummary>() },
  'collections:remove': { input: CollectionMembership, output: returns<ChangeSummary>() },
  /** Asks where to (system dialog in main), then exports in the background: progress and the summary arrive as events. */
  'export:start': { input: ExportStart, output: returns<{ exportId: string }>() },
  'export:cancel': { input: ExportRef, output: returns<null>() },
  /** Opens the export's destination in the system file manager. */
  'export:show-in-folder': { input: ExportRef, output: returns<null>() },
  'clipboard:copy': { input: ClipboardCopy, output: returns<null>() },
  /**
   * Makes a drag of these items ready before it starts (sent when one is likely: a press on a tile, a
   * new selection): links the originals, converts copies in the format in Settings, makes the icon.
   * Answers once all is ready; a newer preparation replaces an older one (which answers `cancelled`).
   */
  'drag:prepare': { input: DragStart, output: returns<DragReady>() },
  /**
   * Starts a native file drag of these items, at once: the prepared files when they are these items,
   * otherwise the originals (never converted on the spot). Refused when the drag could not start.
   */
  'drag:start': { input: DragStart, output: returns<DragReady>() },
  /** Asks where to save (system dialog), then writes one archive of the whole library. */
  'library:backup': { input: NoInput, output: returns<BackupResult>() },
  /** Asks for an archive (system dialog), then replaces the library with it or merges what is new. */
  'library:restore-backup': { input: RestoreInput, output: returns<RestoreResult>() },
  'network:status': { input: NoInput, output: returns<NetworkStatus>() },
  /** Checks again now whether the API can be reached (e.g. when the system says it is back online). */
  'network:check': { input: NoInput, output: returns<NetworkStatus>() },
  /** What main found and fixed on its own this run (a damaged database set aside, recovered images …). */
  'notices:list': { input: NoInput, output: returns<Notice[]>() },
  'notices:dismiss': { input: NoticeRef, output: returns<Notice[]>() },
  /** Shows the file or folder a notice names in the system file manager. */
  'notices:reveal': { input: NoticeRef, output: returns<null>() },
  /** An item's sources (in the order sent) and the items made from it (its versions). */
  'library:lineage': { input: ItemRef, output: returns<ItemLineage>() },
  /**
   * The last balance read (GET /v2/billing); never waits for the network. Main reads it again after
   * a batch and when the last read is over a minute old, at most once a minute, and says so with
   * `account:balance-changed`.
   */
  'account:balance': { input: NoInput, output: returns<AccountBalance>() },
  /** Credits per image for each model: the live price list (cached) or the docs' figures. */
  'pricing:get': { input: NoInput, output: returns<ModelPrices>() },
} as const satisfies Record<ChannelName, ChannelEntry>;

export type Channels = typeof channels;

/** What the renderer passes (before defaults are applied). */
export type ChannelInput<C extends ChannelName> = z.input<Channels[C]['input']>;
/** What a handler in main receives, after parsing. */
export type ParsedInput<C extends ChannelName> = z.output<Channels[C]['input']>;
export type ChannelOutput<C extends ChannelName> = Channels[C]['output'];
export type ChannelReply<C extends ChannelName> = Result<ChannelOutput<C>>;

/** The main-process side of every channel: plain functions, no Electron. */
export type Handlers = { [C in ChannelName]: (input: ParsedInput<C>) => Promise<ChannelReply<C>> };

/** Main → renderer notifications: the payload of each name in EVENT_NAMES. */
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
  /** One item changed (e.g. its image arrived after Download again, or it was starred). */
  'library:item-updated': LibraryItem;
  /** Many items may have changed (bulk action, undo, import, rebuild, move): reload what is shown. */
  'library:changed': { reason: 'organize' | 'trash' | 'import' | 'rebuild' | 'move' | 'undo' };
  /** Whether the API can be reached changed. */
  'network:changed': NetworkStatus;
  'export:progress': ExportProgress;
  'export:finished': ExportFinished;
  /** Files picked in Import Images…'s dialog: how many of them are done (sent once they are chosen, with 0, then after each). */
  'import:progress': { done: number; total: number };
  /** The user chose one of Reverie's own commands in the application menu (Settings…, Generate, Import Images…, Export…, Back Up Library…). */
  'menu:command': { command: MenuCommand };
  /** The notices main holds for the user changed (one was posted or dismissed). */
  'notices:changed': Notice[];
  /** A new balance was read (or a read found none: `usd` null). */
  'account:balance-changed': AccountBalance;
}
const everyEventHasAPayload: SameNames<keyof Events, EventName> = true;
void everyEventHasAPayload;
export type Emit = <E extends EventName>(event: E, payload: Events[E]) => void;

/** What the preload exposes as `window.reverie`, and nothing more. */
export interface ReverieApi {
  invoke<C extends ChannelName>(channel: C, ...input: ChannelInput<C> extends undefined ? [] : [ChannelInput<C>]): Promise<ChannelReply<C>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
  /** Prefix of media URLs: `${mediaBase}/${variant}/${id}`. */
  mediaBase: string;
}
