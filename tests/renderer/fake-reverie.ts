import type {
  ChannelInput,
  ChannelName,
  ChannelReply,
  EventName,
  Events,
  ReverieApi,
} from '../../electron/shared/contract';
import { MEDIA_BASE } from '../../electron/shared/contract';
import type { AspectRatio, ExternalLinkName } from '../../electron/shared/constants';
import {
  ACTIVE_JOB_STATES,
  ApiKeyInput,
  ASPECT_RATIO_PIXELS,
  ClipboardCopy,
  DragStart,
  ExportRef,
  ExportStart,
  RestoreInput,
  type BackupResult,
  type DragReady,
  type ExportOptions,
  type RestoreResult,
  CollectionCreate,
  CollectionMembership,
  CollectionRef,
  CollectionRename,
  EmptyTrashInput,
  FavoriteInput,
  ItemRef,
  SelectionInput,
  TagInput,
  TagQuery,
  TagRename,
  type ChangeSummary,
  type Collection,
  type LibraryPage,
  type LibraryQuery,
  type Selection,
  type TagCount,
  ComposerDraft,
  DEFAULT_API_BASE_URL,
  DEFAULT_CONCURRENCY,
  EnqueueInput,
  HistoryQuery,
  ImportInput,
  LibraryPageInput,
  MODEL_ID,
  OpenLinkInput,
  SettingsUpdate,
  TemplateInput,
  type CostSummary,
  type ImportResult,
  type Job,
  type KeyStatus,
  type LibraryItem,
  type MaintenanceReport,
  type NetworkStatus,
  type Notice,
  NoticeRef,
  type PromptHistoryEntry,
  type PromptTemplate,
  type QueueSnapshot,
  type SettingsView,
} from '../../electron/shared/domain';
import { appError, fail, ok, type Result } from '../../electron/shared/errors';
import { DEFAULT_LIBRARY_QUERY } from '../../renderer/src/stores/library-store';

/**
 * A stand-in for the preload's `window.reverie`, typed from the contract so a contract change
 * breaks it at compile time. It keeps key status, settings, library, queue, spend, history,
 * templates and the draft in memory and behaves like main by default (including parsing inputs
 * with the real schemas); any channel's reply can be overridden, every call is recorded, and
 * events can be emitted by hand. Queued jobs only move when a test moves them (`updateJob`,
 * `finishJob`), as main's workers would.
 */

type Handler<C extends ChannelName> = (input: ChannelInput<C>) => ChannelReply<C> | Promise<ChannelReply<C>>;
type Override<C extends ChannelName> = ChannelReply<C> | Handler<C>;
type Overrides = { [C in ChannelName]?: Override<C> };
export type Call = { [C in ChannelName]: { channel: C; input: ChannelInput<C> } }[ChannelName];

export interface FakeOptions {
  key?: Partial<KeyStatus>;
  settings?: Partial<SettingsView>;
  library?: LibraryItem[];
  jobs?: Job[];
  paused?: boolean;
  cost?: Partial<CostSummary>;
  history?: PromptHistoryEntry[];
  templates?: PromptTemplate[];
  draft?: ComposerDraft | null;
  /** Library collections (their counts are computed from the items' collectionIds). */
  collections?: Array<Omit<Collection, 'count'>>;
  /** Emit `queue:job-updated` for each job an enqueue creates, as main does for every window. */
  emitOnEnqueue?: boolean;
  /** Where `library:location` says the library folder is. */
  libraryPath?: string;
  network?: Partial<NetworkStatus>;
}

export const FAKE_KEY_STORED: KeyStatus = {
  stored: true,
  last4: 'wxyz',
  storage: 'keychain',
  keychainAvailable: true,
  keychainMessage: null,
};

let idCounter = 0;
/** A valid v4-shaped uuid, predictable per test run. */
export function fakeId(): string {
  idCounter += 1;
  return `00000000-0000-4000-8000-${idCounter.toString(16).padStart(12, '0')}`;
}

export function makeItem(overrides: Partial<LibraryItem> = {}): LibraryItem {
  const aspectRatio = overrides.aspectRatio ?? '3:2';
  const size = ASPECT_RATIO_PIXELS[aspectRatio];
  return {
    id: fakeId(),
    prompt: 'A lighthouse in fog',
    aspectRatio,
    model: MODEL_ID,
    width: size.width,
    height: size.height,
    requestId: 'rsid-test',
    credits: 126_000,
    createdAt: 1_700_000_000_000,
    fileHash: 'a'.repeat(64),
    byteSize: 1234,
    mimeType: 'image/png',
    sourceUrl: null,
    status: 'ok',
    origin: 'generated',
    favorite: false,
    tags: [],
    collectionIds: [],
    trashedAt: null,
    fileMissing: false,
    ...overrides,
  };
}

/**
 * `count` items, newest first by index (item 0 is the newest), built cheaply enough for a
 * 100,000-item library. `overrides(index)` customises single items.
 */
export function makeLibrary(count: number, overrides: (index: number) => Partial<LibraryItem> = () => ({})): LibraryItem[] {
  const items: LibraryItem[] = [];
  for (let index = 0; index < count; index += 1) {
    items.push(makeItem({ prompt: `Image ${index}`, createdAt: 1_700_000_000_000 - index * 1000, ...overrides(index) }));
  }
  return items;
}

/** A job; `prompt` and `aspectRatio` are shorthands for its params. */
export function makeJob(overrides: Partial<Job> & { prompt?: string; aspectRatio?: AspectRatio } = {}): Job {
  const { prompt, aspectRatio, ...rest } = overrides;
  return {
    id: fakeId(),
    batchId: 'batch-1',
    params: { prompt: prompt ?? 'A lighthouse in fog', aspectRatio: aspectRatio ?? '3:2', delivery: 'url', outputFormat: null },
    state: 'queued',
    createdAt: 1_700_000_000_000,
    startedAt: null,
    finishedAt: null,
    attempts: 0,
    retryAt: null,
    error: null,
    itemId: null,
    requestId: null,
    credits: null,
    sourceUrl: null,
    mayHaveBeenCharged: false,
    ...rest,
  };
}

export const EMPTY_COST: CostSummary = { todayCredits: 0, monthCredits: 0, dailyBudgetUsd: null, budgetReached: false };

export interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

function invalidInput(issues: { message: string }[]): { ok: false; error: ReturnType<typeof appError> } {
  return fail(appError('invalid-input', issues[0]?.message ?? 'Invalid input.'));
}

const isActive = (job: Job) => ACTIVE_JOB_STATES.includes(job.state);

const images = (count: number) => (count === 1 ? '1 image' : `${count} images`);

/** Newest first: createdAt, then id, both descending (main's keyset order). */
function compareNewestFirst(a: { createdAt: number; id: string }, b: { createdAt: number; id: string }): number {
  return b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** Every item in the library view (tags:rename applies to all of them): the page's own default query. */
const FAKE_ALL_ITEMS: LibraryQuery = DEFAULT_LIBRARY_QUERY;

export class FakeReverie implements ReverieApi {
  readonly mediaBase = MEDIA_BASE;
  keyStatus: KeyStatus;
  settings: SettingsView;
  library: LibraryItem[];
  readonly jobs = new Map<string, Job>();
  paused: boolean;
  cost: CostSummary;
  history: PromptHistoryEntry[];
  templates: PromptTemplate[];
  draft: ComposerDraft | null;
  emitOnEnqueue: boolean;
  collections: Array<Omit<Collection, 'count'>>;
  /** What `library:undo` reverts, newest last: the items (and collections) as they were before. */
  readonly undoStack: Array<{ label: string; items: LibraryItem[]; collections: Array<Omit<Collection, 'count'>> }> = [];
  readonly openedLinks: ExternalLinkName[] = [];
  libraryPath: string;
  /** The folder the system dialog "chooses" on `library:move`; null: the user cancels the dialog. */
  nextLibraryPath: string | null = '/media/backup/Reverie Library';
  network: NetworkStatus;
  /** What `library:rebuild` reports; null: the number of items, nothing missing, no problems. */
  rebuildReport: MaintenanceReport | null = null;
  /** The folder the system dialog "chooses" on `export:start`; null: the user cancels the dialog. */
  nextExportFolder: string | null = '/home/user/Pictures/Reverie export';
  /** Exports started (each moves only when a test emits its events), by id. */
  readonly exports = new Map<string, { selection: Selection; options: ExportOptions; destination: string; cancelled: boolean }>();
  /** Where `library:backup`'s save dialog "writes" the archive; null: the user cancels the dialog. */
  nextBackupArchive: string | null = '/home/user/Backups/Reverie backup.zip';
  /** What `library:restore-backup` reports (mode is taken from the call); null: the user cancels the dialog. */
  nextRestore: Omit<RestoreResult, 'mode'> | null = { added: 12, skipped: 3, previousLibrary: null };
  /** What main has to tell the user this run; `postNotice` adds one as main would. */
  notices: Notice[] = [];
  /** Notice ids whose folder main was asked to show. */
  readonly revealedNotices: string[] = [];
  readonly calls: Call[] = [];
  /** Full keys main would have received; kept here only so tests can assert they never leak back. */
  readonly receivedKeys: string[] = [];
  private readonly overrides: Overrides = {};
  private readonly listeners = new Map<EventName, Set<(payload: never) => void>>();
  private clock = 1_800_000_000_000;

  constructor(options: FakeOptions = {}) {
    this.keyStatus = { ...FAKE_KEY_STORED, ...options.key };
    this.settings = {
      apiBaseUrl: null,
      defaultAspectRatio: '3:2',
      concurrency: DEFAULT_CONCURRENCY,
      dailyBudgetUsd: null,
      notifyWhenDone: true,
      dragFormat: 'original',
      libraryLocation: null,
      effectiveApiBaseUrl: DEFAULT_API_BASE_URL,
      apiBaseUrlSource: 'default',
      ...options.settings,
    };
    this.library = [...(options.library ?? [])];
    for (const job of options.jobs ?? []) this.jobs.set(job.id, job);
    this.paused = options.paused ?? false;
    this.cost = { ...EMPTY_COST, dailyBudgetUsd: this.settings.dailyBudgetUsd, ...options.cost };
    this.history = [...(options.history ?? [])];
    this.templates = [...(options.templates ?? [])];
    this.draft = options.draft ?? null;
    this.emitOnEnqueue = options.emitOnEnqueue ?? true;
    this.collections = [...(options.collections ?? [])];
    this.libraryPath = options.libraryPath ?? '/home/user/.config/Reverie/library';
    this.network = { online: true, checkedAt: 1_700_000_000_000, ...options.network };
  }

  /** Replace a channel's reply: a fixed reply, or a function of the input (may be async). */
  reply<C extends ChannelName>(channel: C, reply: Override<C>): this {
    (this.overrides as Record<ChannelName, unknown>)[channel] = reply;
    return this;
  }

  /** A notice from main, as the notice board would post it (listed and announced by event). */
  postNotice(notice: Omit<Notice, 'id' | 'createdAt'>): Notice {
    const posted: Notice = { ...notice, id: crypto.randomUUID(), createdAt: this.tick() };
    this.notices = [...this.notices, posted];
    this.emit('notices:changed', [...this.notices]);
    return posted;
  }

  /** Back to the in-memory behaviour for this channel. */
  restore(channel: ChannelName): this {
    delete this.overrides[channel];
    return this;
  }

  callsTo<C extends ChannelName>(channel: C): ChannelInput<C>[] {
    return this.calls.filter((call) => call.channel === channel).map((call) => call.input as ChannelInput<C>);
  }

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (payload: Events[E]) => void)(payload);
  }

  listenerCount(event: EventName): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener as (payload: never) => void);
    this.listeners.set(event, set);
    return () => {
      set.delete(listener as (payload: never) => void);
    };
  }

  async invoke<C extends ChannelName>(
    channel: C,
    ...input: ChannelInput<C> extends undefined ? [] : [ChannelInput<C>]
  ): Promise<ChannelReply<C>> {
    const value = input[0] as ChannelInput<C>;
    this.calls.push({ channel, input: value } as Call);
    // Like IPC, replies never arrive synchronously.
    await Promise.resolve();
    const override = this.overrides[channel] as Override<C> | undefined;
    if (override !== undefined) return typeof override === 'function' ? override(value) : override;
    return this.handle(channel, value);
  }

  // ---- Driving the queue from tests, as main's workers would ----

  /** Changes a job (known or new) and emits `queue:job-updated`, as main does. */
  updateJob(jobId: string, patch: Partial<Job>): Job {
    const current = this.jobs.get(jobId);
    if (!current) throw new Error(`No job ${jobId} in the fake queue`);
    const next = { ...current, ...patch };
    this.jobs.set(jobId, next);
    this.emit('queue:job-updated', next);
    return next;
  }

  /** Adds a job and announces it. */
  addJob(job: Job): Job {
    this.jobs.set(job.id, job);
    this.emit('queue:job-updated', job);
    return job;
  }

  /** Completes a job with a library item and a charge: job-updated, library:item-added, cost:changed. */
  finishJob(jobId: string, credits = 126_000): LibraryItem {
    const job = this.jobs.get(jobId);
    if (!job) throw new Error(`No job ${jobId} in the fake queue`);
    this.clock += 1000;
    const item = makeItem({ prompt: job.params.prompt, aspectRatio: job.params.aspectRatio, credits, createdAt: this.clock });
    this.library.push(item);
    this.updateJob(jobId, {
      state: 'done',
      startedAt: job.startedAt ?? this.clock - 5000,
      finishedAt: this.clock,
      itemId: item.id,
      credits,
      requestId: 'rsid-done',
    });
    this.emit('library:item-added', item);
    this.cost = { ...this.cost, todayCredits: this.cost.todayCredits + credits, monthCredits: this.cost.monthCredits + credits };
    this.emit('cost:changed', { ...this.cost });
    return item;
  }

  snapshot(): QueueSnapshot {
    return { jobs: [...this.jobs.values()], paused: this.paused, concurrency: this.settings.concurrency };
  }

  private handle<C extends ChannelName>(channel: C, input: ChannelInput<C>): ChannelReply<C> {
    const handlers: { [K in ChannelName]: (input: ChannelInput<K>) => ChannelReply<K> } = {
      'key:status': () => ok({ ...this.keyStatus }),
      'key:save': (raw) => this.saveKey(raw),
      'key:remove': () => {
        this.keyStatus = { ...this.keyStatus, stored: false, last4: null, storage: null };
        return ok({ ...this.keyStatus });
      },
      'settings:get': () => ok({ ...this.settings }),
      'settings:update': (raw) => this.updateSettings(raw),
      'generate:enqueue': (raw) => this.enqueue(raw),
      'queue:list': () => ok(this.snapshot()),
      'queue:cancel': ({ jobId }) => this.changeJob(jobId, (job) => (isActive(job) ? { state: 'cancelled', finishedAt: this.tick() } : {})),
      'queue:cancel-all': () => {
        for (const job of this.jobs.values()) if (isActive(job)) this.updateJob(job.id, { state: 'cancelled', finishedAt: this.tick() });
        this.paused = false;
        return ok(this.snapshot());
      },
      'queue:retry': ({ jobId }) =>
        this.changeJob(jobId, () => ({ state: 'queued', error: null, finishedAt: null, startedAt: null, mayHaveBeenCharged: false })),
      'queue:download-again': ({ jobId }) => this.changeJob(jobId, () => ({ state: 'downloading', error: null, finishedAt: null })),
      'queue:resume': () => {
        this.paused = false;
        this.emit('queue:status', { paused: false, concurrency: this.settings.concurrency });
        return ok(this.snapshot());
      },
      'queue:dismiss': ({ jobId }) => this.removeJobs([jobId]),
      'queue:clear-finished': () => this.removeJobs([...this.jobs.values()].filter((job) => !isActive(job)).map((job) => job.id)),
      'cost:summary': () => ok({ ...this.cost }),
      'history:list': (raw) => this.listHistory(raw),
      'templates:list': () => ok([...this.templates]),
      'templates:save': (raw) => this.saveTemplate(raw),
      'templates:delete': ({ id }) => {
        this.templates = this.templates.filter((template) => template.id !== id);
        return ok([...this.templates]);
      },
      'draft:get': () => ok(this.draft),
      'draft:save': (raw) => {
        const parsed = ComposerDraft.safeParse(raw);
        if (!parsed.success) return invalidInput(parsed.error.issues);
        this.draft = parsed.data;
        return ok(null);
      },
      'shell:open-link': (raw) => {
        const parsed = OpenLinkInput.safeParse(raw);
        if (!parsed.success) return invalidInput(parsed.error.issues);
        this.openedLinks.push(parsed.data.link);
        return ok(null);
      },
      'library:list': (raw) => this.list(raw),
      'library:get': (raw) => {
        const parsed = ItemRef.safeParse(raw);
        if (!parsed.success) return invalidInput(parsed.error.issues);
        const item = this.library.find((candidate) => candidate.id === parsed.data.id);
        return item ? ok({ ...item }) : fail(appError('not-found', 'That image is no longer in the library.'));
      },
      'library:set-favorite': (raw) => {
        const parsed = FavoriteInput.safeParse(raw);
        if (!parsed.success) return invalidInput(parsed.error.issues);
        const { favorite } = parsed.data;
        return this.organize(parsed.data.selection, 'organize', (count) => `${favorite ? 'Starred' : 'Unstarred'} ${images(count)}`, (item) =>
          item.favorite === favorite ? null : { ...item, favorite },
        );
      },
      'library:add-tag': (raw) => {
        const parsed = TagInput.safeParse(raw);
        if (!parsed.success) return invalidInput(parsed.error.issues);
        const { tag } = parsed.data;
        return this.organize(parsed.data.selection, 'organize', (count) => `Tagged ${images(count)} “${tag}”`, (item) =>
          item.tags.includes(tag) ? null : { ...item, tags: [...item.tags, tag] },
        );
      },
      'library:remove-tag': (raw) => {
        const parsed = TagInput.safeParse(raw);
        if (!parsed.success) return invalidInput(parsed.error.issues);
        const { tag } = parsed.data;
        return this.organize(parsed.data.selection, 'organize', (count) => `Removed “${tag}” from ${images(count)}`, (item) =>
          item.tags.includes(tag) ? { ...item, tags: item.tags.filter((other) => other !== tag) } : null,
        );
      },
      'library:trash': (raw) => {
        const parsed = SelectionInput.safeParse(raw);
        if (!parsed.success) return invalidInput(parsed.error.issues);
        const at = this.tick();
        return this.organize(parsed.data.selection, 'trash', (count) => `Moved ${images(count)} to the trash`, (item) =>
          item.trashedAt === null ? { ...item, trashedAt: at } : null,
        );
      },
      'library:restore': (raw) => {
        const parsed = SelectionInput.safeParse(raw);
        if (!parsed.success) return invalidInput(parsed.error.issues);
        return this.organize(parsed.data.selection, 'trash', (count) => `Restored ${images(count)}`, (item) =>
          item.trashedAt === null ? null : { ...item, trashedAt: null },
        );
      },
      'library:empty-trash': (raw) => {
        const parsed = EmptyTrashInput.safeParse(raw);
        if (!parsed.success) return invalidInput(parsed.error.issues);
        const before = this.library.length;
        this.library = this.library.filter((item) => item.trashedAt === null);
        const changed = before - this.library.length;
        if (changed > 0) this.emit('library:changed', { reason: 'trash' });
        return ok({ changed, undoLabel: null });
      },
      'library:undo': () => {
        const last = this.undoStack.pop();
        if (!last) return ok({ changed: 0, undoLabel: null });
        const previous = new Map(last.items.map((item) => [item.id, item]));
        this.library = this.library.map((item) => previous.get(item.id) ?? item);
        this.collections = last.collections;
        this.emit('library:changed', { reason: 'undo' });
        return ok({ changed: last.items.length, undoLabel: this.undoStack.at(-1)?.label ?? null });
      },
      'library:import': (raw) => this.importFiles(raw),
      'library:rebuild': () => {
        const report = this.rebuildReport ?? { reindexed: this.library.length, missingFiles: 0, problems: [] };
        this.emit('library:changed', { reason: 'rebuild' });
        return ok({ ...report, problems: [...report.problems] });
      },
      'library:location': () => ok({ path: this.libraryPath }),
      'library:move': () => {
        if (this.nextLibraryPath === null) return fail(appError('cancelled', 'No folder was chosen.'));
        this.libraryPath = this.nextLibraryPath;
        this.emit('library:changed', { reason: 'move' });
        return ok({ path: this.libraryPath, outcome: 'moved' as const, previousLibrary: null });
      },
      'tags:list': (raw) => this.listTags(raw),
      'tags:rename': (raw) => {
        const parsed = TagRename.safeParse(raw);
        if (!parsed.success) return invalidInput(parsed.error.issues);
        const { from, to } = parsed.data;
        return this.organize({ query: FAKE_ALL_ITEMS, except: [] }, 'organize', (count) => `Renamed “${from}” to “${to}” on ${images(count)}`, (item) =>
          item.tags.includes(from) ? { ...item, tags: [...new Set(item.tags.map((tag) => (tag === from ? to : tag)))] } : null,
        );
      },
      'collections:list': () => ok(this.collectionList()),
      'collections:create': (raw) => {
        const parsed = CollectionCreate.safeParse(raw);
        if (!parsed.success) return invalidInput(parsed.error.issues);
        const collection = { id: fakeId(), name: parsed.data.name, createdAt: this.tick() };
        this.collections = [...this.collections, collection];
        return ok({ ...collection, count: 0 });
      },
      'collections:rename': (raw) => {
        const parsed = CollectionRename.safeParse(raw);
        if (!parsed.success) return invalidInput(parsed.error.issues);
        const { id, name } = parsed.data;
        if (!this.collections.some((collection) => collection.id === id)) return fail(appError('not-found', 'That collection no longer exists.'));
        this.collections = this.collections.map((collection) => (collection.id === id ? { ...collection, name } : collection));
        return ok(this.collectionList().find((collection) => collection.id === id)!);
      },
      'collections:delete': (raw) => {
        const parsed = CollectionRef.safeParse(raw);
        if (!parsed.success) return invalidInput(parsed.error.issues);
        const { id } = parsed.data;
        const collection = this.collections.find((candidate) => candidate.id === id);
        if (!collection) return fail(appError('not-found', 'That collection no longer exists.'));
        const collections = this.collections;
        const touched = this.library.filter((item) => item.collectionIds.includes(id));
        this.library = this.library.map((item) =>
          item.collectionIds.includes(id) ? { ...item, collectionIds: item.collectionIds.filter((other) => other !== id) } : item,
        );
        this.collections = this.collections.filter((candidate) => candidate.id !== id);
        const label = `Deleted the collection “${collection.name}”`;
        this.undoStack.push({ label, items: touched, collections });
        this.emit('library:changed', { reason: 'organize' });
        return ok({ changed: touched.length, undoLabel: label });
      },
      'collections:add': (raw) => {
        const parsed = CollectionMembership.safeParse(raw);
        if (!parsed.success) return invalidInput(parsed.error.issues);
        const { collectionId } = parsed.data;
        const collection = this.collections.find((candidate) => candidate.id === collectionId);
        if (!collection) return fail(appError('not-found', 'That collection no longer exists.'));
        return this.organize(parsed.data.selection, 'organize', (count) => `Added ${images(count)} to “${collection.name}”`, (item) =>
          item.collectionIds.includes(collectionId) ? null : { ...item, collectionIds: [...item.collectionIds, collectionId] },
        );
      },
      'collections:remove': (raw) => {
        const parsed = CollectionMembership.safeParse(raw);
        if (!parsed.success) return invalidInput(parsed.error.issues);
        const { collectionId } = parsed.data;
        const name = this.collections.find((candidate) => candidate.id === collectionId)?.name ?? 'the collection';
        return this.organize(parsed.data.selection, 'organize', (count) => `Removed ${images(count)} from “${name}”`, (item) =>
          item.collectionIds.includes(collectionId)
            ? { ...item, collectionIds: item.collectionIds.filter((other) => other !== collectionId) }
            : null,
        );
      },
      'export:start': (raw) => {
        const parsed = ExportStart.safeParse(raw);
        if (!parsed.success) return invalidInput(parsed.error.issues);
        if (this.nextExportFolder === null) return fail(appError('cancelled', 'No folder was chosen.'));
        const exportId = fakeId();
        this.exports.set(exportId, { ...parsed.data, destination: this.nextExportFolder, cancelled: false });
        return ok({ exportId });
      },
      'export:cancel': (raw) => this.withExport(raw, (entry) => {
        entry.cancelled = true;
      }),
      'export:show-in-folder': (raw) => this.withExport(raw, () => undefined),
      'clipboard:copy': (raw) => {
        const parsed = ClipboardCopy.safeParse(raw);
        if (!parsed.success) return invalidInput(parsed.error.issues);
        const item = this.library.find((candidate) => candidate.id === parsed.data.id);
        if (!item) return fail(appError('not-found', 'That image is no longer in the library.'));
        return ok(null);
      },
      // Main makes a drag ready ahead (drag:prepare) and then hands it over (drag:start); here both just count the files.
      'drag:prepare': (raw) => this.dragOf(raw),
      'drag:start': (raw) => this.dragOf(raw),
      'library:backup': () => {
        if (this.nextBackupArchive === null) return fail(appError('cancelled', 'No file was chosen.'));
        const live = this.library.filter((item) => item.trashedAt === null).length;
        const result: BackupResult = { items: live, files: live * 3, archive: this.nextBackupArchive };
        return ok(result);
      },
      'library:restore-backup': (raw) => {
        const parsed = RestoreInput.safeParse(raw);
        if (!parsed.success) return invalidInput(parsed.error.issues);
        if (this.nextRestore === null) return fail(appError('cancelled', 'No archive was chosen.'));
        const result: RestoreResult = { mode: parsed.data.mode, ...this.nextRestore };
        this.emit('library:changed', { reason: parsed.data.mode === 'replace' ? 'move' : 'import' });
        return ok(result);
      },
      'network:status': () => ok({ ...this.network }),
      // Main tries the API again; tests set `network.online` to what that try finds.
      'network:check': () => {
        this.network = { ...this.network, checkedAt: this.tick() };
        return ok({ ...this.network });
      },
      'notices:list': () => ok([...this.notices]),
      'notices:dismiss': (raw) => {
        const parsed = NoticeRef.safeParse(raw);
        if (!parsed.success) return invalidInput(parsed.error.issues);
        this.notices = this.notices.filter((notice) => notice.id !== parsed.data.id);
        this.emit('notices:changed', [...this.notices]);
        return ok([...this.notices]);
      },
      'notices:reveal': (raw) => {
        const parsed = NoticeRef.safeParse(raw);
        if (!parsed.success) return invalidInput(parsed.error.issues);
        const notice = this.notices.find((candidate) => candidate.id === parsed.data.id);
        if (!notice?.revealable) return fail(appError('not-found', 'That notice names no file to show.'));
        this.revealedNotices.push(notice.id);
        return ok(null);
      },
    };
    return (handlers[channel] as (input: ChannelInput<C>) => ChannelReply<C>)(input);
  }

  private dragOf(raw: ChannelInput<'drag:start'>): Result<DragReady> {
    const parsed = DragStart.safeParse(raw);
    if (!parsed.success) return invalidInput(parsed.error.issues);
    const files = parsed.data.ids.filter((id) => this.library.some((item) => item.id === id && item.status === 'ok' && !item.fileMissing)).length;
    if (files === 0) return fail(appError('not-found-locally', 'None of these items has an image file to drag.'));
    return ok({ files, format: this.settings.dragFormat, skipped: parsed.data.ids.length - files });
  }

  private withExport(raw: ChannelInput<'export:cancel'>, change: (entry: { cancelled: boolean }) => void): Result<null> {
    const parsed = ExportRef.safeParse(raw);
    if (!parsed.success) return invalidInput(parsed.error.issues);
    const entry = this.exports.get(parsed.data.exportId);
    if (!entry) return fail(appError('not-found', 'That export is not known.'));
    change(entry);
    return ok(null);
  }

  private tick(): number {
    this.clock += 1000;
    return this.clock;
  }

  private changeJob(jobId: string, patch: (job: Job) => Partial<Job>): Result<Job> {
    const job = this.jobs.get(jobId);
    if (!job) return fail(appError('not-found', 'That job is no longer in the queue.'));
    return ok(this.updateJob(jobId, patch(job)));
  }

  private removeJobs(jobIds: string[]): Result<QueueSnapshot> {
    const removed = jobIds.filter((id) => this.jobs.delete(id));
    if (removed.length > 0) this.emit('queue:jobs-removed', { jobIds: removed });
    return ok(this.snapshot());
  }

  private saveKey(raw: ChannelInput<'key:save'>): Result<KeyStatus> {
    const parsed = ApiKeyInput.safeParse(raw);
    if (!parsed.success) return invalidInput(parsed.error.issues);
    const { key, sessionOnly } = parsed.data;
    if (!sessionOnly && !this.keyStatus.keychainAvailable) {
      return fail(appError('keychain-unavailable', 'The system keychain cannot be reached.'));
    }
    this.receivedKeys.push(key);
    this.keyStatus = { ...this.keyStatus, stored: true, last4: key.slice(-4), storage: sessionOnly ? 'session' : 'keychain' };
    return ok({ ...this.keyStatus });
  }

  private updateSettings(raw: ChannelInput<'settings:update'>): Result<SettingsView> {
    const parsed = SettingsUpdate.safeParse(raw);
    if (!parsed.success) return invalidInput(parsed.error.issues);
    const update = parsed.data;
    const next = { ...this.settings };
    if (update.defaultAspectRatio !== undefined) next.defaultAspectRatio = update.defaultAspectRatio;
    if (update.concurrency !== undefined) next.concurrency = update.concurrency;
    if (update.notifyWhenDone !== undefined) next.notifyWhenDone = update.notifyWhenDone;
    if (update.dragFormat !== undefined) next.dragFormat = update.dragFormat;
    if (update.dailyBudgetUsd !== undefined) next.dailyBudgetUsd = update.dailyBudgetUsd;
    if (update.apiBaseUrl !== undefined) {
      next.apiBaseUrl = update.apiBaseUrl;
      if (next.apiBaseUrlSource !== 'environment') {
        next.apiBaseUrlSource = next.apiBaseUrl === null ? 'default' : 'settings';
        next.effectiveApiBaseUrl = next.apiBaseUrl ?? DEFAULT_API_BASE_URL;
      }
    }
    this.settings = next;
    if (update.concurrency !== undefined) this.emit('queue:status', { paused: this.paused, concurrency: next.concurrency });
    if (update.dailyBudgetUsd !== undefined) {
      const budget = next.dailyBudgetUsd;
      this.cost = {
        ...this.cost,
        dailyBudgetUsd: budget,
        budgetReached: budget !== null && this.cost.todayCredits / 2_000_000 >= budget,
      };
      this.emit('cost:changed', { ...this.cost });
    }
    return ok({ ...next });
  }

  private enqueue(raw: ChannelInput<'generate:enqueue'>): Result<Job[]> {
    const parsed = EnqueueInput.safeParse(raw);
    if (!parsed.success) return invalidInput(parsed.error.issues);
    if (!this.keyStatus.stored) return fail(appError('no-key', 'Add your AI/ML API key in Settings first.'));
    if (this.cost.budgetReached) return fail(appError('budget-exceeded', 'Today’s spending has reached your daily budget.'));
    const { prompt, aspectRatios, count, delivery, outputFormat } = parsed.data;
    const batchId = fakeId();
    const createdAt = this.tick();
    const jobs: Job[] = [];
    for (const aspectRatio of aspectRatios) {
      for (let index = 0; index < count; index += 1) {
        const job = makeJob({ batchId, createdAt, params: { prompt, aspectRatio, delivery, outputFormat } });
        this.jobs.set(job.id, job);
        jobs.push(job);
      }
    }
    this.recordHistory(prompt, createdAt);
    if (this.emitOnEnqueue) setTimeout(() => jobs.forEach((job) => this.emit('queue:job-updated', job)), 0);
    return ok(jobs);
  }

  private recordHistory(text: string, at: number): void {
    const existing = this.history.find((entry) => entry.text === text);
    this.history = [
      { text, lastUsedAt: at, useCount: (existing?.useCount ?? 0) + 1 },
      ...this.history.filter((entry) => entry.text !== text),
    ];
  }

  private listHistory(raw: ChannelInput<'history:list'>): Result<PromptHistoryEntry[]> {
    const parsed = HistoryQuery.safeParse(raw);
    if (!parsed.success) return invalidInput(parsed.error.issues);
    const query = parsed.data.query.trim().toLowerCase();
    return ok(
      [...this.history]
        .filter((entry) => entry.text.toLowerCase().includes(query))
        .sort((a, b) => b.lastUsedAt - a.lastUsedAt)
        .slice(0, parsed.data.limit),
    );
  }

  private saveTemplate(raw: ChannelInput<'templates:save'>): Result<PromptTemplate> {
    const parsed = TemplateInput.safeParse(raw);
    if (!parsed.success) return invalidInput(parsed.error.issues);
    const at = this.tick();
    const existing = parsed.data.id ? this.templates.find((template) => template.id === parsed.data.id) : undefined;
    const template: PromptTemplate = {
      id: existing?.id ?? fakeId(),
      name: parsed.data.name,
      text: parsed.data.text,
      createdAt: existing?.createdAt ?? at,
      updatedAt: at,
    };
    this.templates = [...this.templates.filter((other) => other.id !== template.id), template];
    return ok(template);
  }

  /**
   * Like main: filters by the query, sorts (newest: createdAt then id, both descending), and pages
   * by a keyset cursor (the position after the last item) or by an offset for a jump.
   */
  private list(raw: ChannelInput<'library:list'>): Result<LibraryPage> {
    const parsed = LibraryPageInput.safeParse(raw);
    if (!parsed.success) return invalidInput(parsed.error.issues);
    const { query, limit, cursor, offset } = parsed.data;
    const sorted = this.matching(query);
    let start = offset ?? 0;
    if (cursor !== undefined) {
      const [createdAt, id] = cursor.split('|');
      const after = { createdAt: Number(createdAt), id: id ?? '' };
      if (!Number.isFinite(after.createdAt)) return fail(appError('invalid-input', 'That page of the library could not be found.'));
      const direction = query.sort === 'newest' ? 1 : -1;
      const index = sorted.findIndex((item) => direction * compareNewestFirst(item, after) > 0);
      start = index === -1 ? sorted.length : index;
    }
    const items = sorted.slice(start, start + limit);
    const last = items.at(-1);
    const nextCursor = last && start + items.length < sorted.length ? `${last.createdAt}|${last.id}` : null;
    return ok({ items: items.map((item) => ({ ...item })), nextCursor, total: sorted.length });
  }

  /** The items a query matches, in its order. */
  matching(query: LibraryQuery): LibraryItem[] {
    const words = query.text.toLowerCase().split(/\s+/).filter(Boolean);
    const matches = this.library.filter((item) => {
      if ((query.view === 'trash') !== (item.trashedAt !== null)) return false;
      const prompt = item.prompt.toLowerCase();
      if (!words.every((word) => prompt.includes(word))) return false;
      if (query.aspectRatios.length > 0 && !query.aspectRatios.includes(item.aspectRatio)) return false;
      if (query.from !== null && item.createdAt < query.from) return false;
      if (query.to !== null && item.createdAt >= query.to) return false;
      if (query.favoritesOnly && !item.favorite) return false;
      if (!query.tags.every((tag) => item.tags.includes(tag))) return false;
      if (query.collectionId !== null && !item.collectionIds.includes(query.collectionId)) return false;
      if (query.model !== null && item.model !== query.model) return false;
      if (query.statuses.length > 0) {
        const status = item.fileMissing ? 'missing' : item.status;
        if (!query.statuses.includes(status)) return false;
      }
      return true;
    });
    matches.sort(compareNewestFirst);
    if (query.sort === 'oldest') matches.reverse();
    return matches;
  }

  private selected(selection: Selection): LibraryItem[] {
    if ('ids' in selection) {
      const ids = new Set(selection.ids);
      return this.library.filter((item) => ids.has(item.id));
    }
    const except = new Set(selection.except);
    return this.matching(selection.query).filter((item) => !except.has(item.id));
  }

  /** Decides by the first bytes, as main does: PNG, JPEG and WebP become imported items. */
  private importFiles(raw: ChannelInput<'library:import'>): Result<ImportResult> {
    const parsed = ImportInput.safeParse(raw);
    if (!parsed.success) return invalidInput(parsed.error.issues);
    const result: ImportResult = { imported: [], skipped: [] };
    for (const { name, bytes } of parsed.data.files) {
      const mimeType = sniffImage(bytes);
      if (mimeType === null) {
        result.skipped.push({ name, reason: 'not a PNG, JPEG or WebP image' });
        continue;
      }
      const item = makeItem({ prompt: '', origin: 'imported', mimeType, byteSize: bytes.byteLength, credits: null, requestId: null, createdAt: this.tick() });
      this.library.push(item);
      result.imported.push(item);
    }
    if (result.imported.length > 0) this.emit('library:changed', { reason: 'import' });
    return ok(result);
  }

  /** Applies `change` (null: unchanged) to the selected items, records the undo step, tells every window. */
  private organize(
    selection: Selection,
    reason: 'organize' | 'trash',
    label: (count: number) => string,
    change: (item: LibraryItem) => LibraryItem | null,
  ): Result<ChangeSummary> {
    const before: LibraryItem[] = [];
    const after = new Map<string, LibraryItem>();
    for (const item of this.selected(selection)) {
      const next = change(item);
      if (next === null) continue;
      before.push(item);
      after.set(item.id, next);
    }
    if (after.size === 0) return ok({ changed: 0, undoLabel: this.undoStack.at(-1)?.label ?? null });
    this.library = this.library.map((item) => after.get(item.id) ?? item);
    const undoLabel = label(after.size);
    this.undoStack.push({ label: undoLabel, items: before, collections: this.collections });
    this.emit('library:changed', { reason });
    return ok({ changed: after.size, undoLabel });
  }

  private listTags(raw: ChannelInput<'tags:list'>): Result<TagCount[]> {
    const parsed = TagQuery.safeParse(raw);
    if (!parsed.success) return invalidInput(parsed.error.issues);
    const prefix = parsed.data.prefix.toLowerCase();
    const counts = new Map<string, number>();
    for (const item of this.library) {
      if (item.trashedAt !== null) continue;
      for (const tag of item.tags) if (tag.toLowerCase().startsWith(prefix)) counts.set(tag, (counts.get(tag) ?? 0) + 1);
    }
    return ok(
      [...counts]
        .map(([name, count]) => ({ name, count }))
        .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
        .slice(0, parsed.data.limit),
    );
  }

  private collectionList(): Collection[] {
    return this.collections.map((collection) => ({
      ...collection,
      count: this.library.filter((item) => item.trashedAt === null && item.collectionIds.includes(collection.id)).length,
    }));
  }
}

/** The image type by its first bytes (as main sniffs it), or null. */
export function sniffImage(bytes: Uint8Array): 'image/png' | 'image/jpeg' | 'image/webp' | null {
  const starts = (...values: number[]) => values.every((value, index) => bytes[index] === value);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  return null;
}

/**
 * jsdom has no layout: this gives the library grid's scroller (`.library-scroller`) a size and a
 * working `scrollTo`, so the virtualizer renders the rows a window of that size would show.
 * `scrollLibraryTo` then moves it like a user dragging the scrollbar. Returns the undo.
 */
export function layoutLibraryGrid(size: { width: number; height: number } = { width: 800, height: 600 }): () => void {
  const isScroller = (element: HTMLElement) => element.classList.contains('library-scroller');
  for (const [name, value] of [
    ['clientWidth', size.width],
    ['clientHeight', size.height],
  ] as const) {
    Object.defineProperty(HTMLElement.prototype, name, {
      configurable: true,
      get(this: HTMLElement) {
        return isScroller(this) ? value : 0;
      },
    });
  }
  // As tall as the content the virtualizer sized (it writes the sizer's height through the CSSOM).
  Object.defineProperty(HTMLElement.prototype, 'scrollHeight', {
    configurable: true,
    get(this: HTMLElement) {
      const sizer = this.firstElementChild;
      return isScroller(this) && sizer instanceof HTMLElement ? Number.parseFloat(sizer.style.height) || 0 : 0;
    },
  });
  Object.defineProperty(HTMLElement.prototype, 'scrollTo', {
    configurable: true,
    writable: true,
    value(this: HTMLElement, options?: ScrollToOptions | number, y?: number) {
      this.scrollTop = typeof options === 'number' ? (y ?? 0) : (options?.top ?? this.scrollTop);
      this.dispatchEvent(new Event('scroll'));
    },
  });
  return () => {
    const prototype = HTMLElement.prototype as unknown as Record<string, unknown>;
    delete prototype.clientWidth;
    delete prototype.clientHeight;
    delete prototype.scrollHeight;
    delete prototype.scrollTo;
  };
}

/** Scrolls the library grid to `top` px, as a scrollbar drag or wheel would. */
export function scrollLibraryTo(top: number): void {
  const scroller = document.querySelector<HTMLElement>('.library-scroller');
  if (!scroller) throw new Error('The library grid is not on screen');
  scroller.scrollTop = top;
  scroller.dispatchEvent(new Event('scroll'));
}

/** Installs a fresh fake as `window.reverie`, as the preload would before the page loads. */
export function installFakeReverie(options: FakeOptions = {}): FakeReverie {
  const fake = new FakeReverie(options);
  window.reverie = fake;
  return fake;
}
