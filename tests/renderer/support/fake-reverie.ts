import { createDispatcher, type Dispatch } from '../../../electron/main/ipc/dispatch';
import { isChannelName, isEventName } from '../../../electron/shared/channel-names';
import {
  CHANNEL_NAMES,
  MEDIA_BASE,
  type ChannelInput,
  type ChannelName,
  type ChannelReply,
  type EventName,
  type Events,
  type Handlers,
  type ReverieApi,
} from '../../../electron/shared/contract';
import {
  DEFAULT_API_BASE_URL,
  DEFAULT_CONCURRENCY,
  type Collection,
  type ComposerDraft,
  type CostSummary,
  type ExportOptions,
  type Job,
  type KeyStatus,
  type LibraryItem,
  type LibraryQuery,
  type MaintenanceReport,
  type NetworkStatus,
  type AccountBalance,
  type Notice,
  type PromptHistoryEntry,
  type PromptTemplate,
  type QueueSnapshot,
  type RestoreResult,
  type Selection,
  type SettingsView,
} from '../../../electron/shared/domain';
import type { ExternalLinkName } from '../../../electron/shared/constants';
import { EMPTY_COST, FAKE_KEY_STORED, makeItem } from './fake-data';
import { exportHandlers } from './fake-handlers/export';
import { libraryHandlers, matchingItems } from './fake-handlers/library';
import { libraryFolderHandlers } from './fake-handlers/library-folder';
import { networkHandlers } from './fake-handlers/network';
import { accountHandlers } from './fake-handlers/account';
import { noticeHandlers } from './fake-handlers/notices';
import { organizeHandlers, type FakeUndo } from './fake-handlers/organize';
import { promptHandlers } from './fake-handlers/prompts';
import { queueHandlers } from './fake-handlers/queue';
import { settingsHandlers } from './fake-handlers/settings';
import { shareHandlers } from './fake-handlers/share';
import type { FakeHandlers } from './fake-handlers/types';

/**
 * A stand-in for the preload's `window.reverie` and the main process behind it, typed from the
 * contract so a contract change breaks it at compile time. Calls travel as they do in the app: the
 * preload's name check, a structured clone, then main's real IPC dispatcher (electron/main/ipc/
 * dispatch.ts), which parses each input with the contract's schema and shapes every reply and error.
 * Behind the dispatcher, handlers (./fake-handlers/, one file per file of main's studio/handlers/)
 * keep key status, settings, library, queue, spend, history, templates and the draft in memory and
 * receive parsed input, as main's do.
 *
 * Any channel's reply can be overridden (`reply`): an override stands in for main and the bridge
 * together, so it may reject like a broken bridge. Every call is recorded as the page sent it, and
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
  balance?: AccountBalance;
  network?: Partial<NetworkStatus>;
}

/** Main's handlers answer with a promise; the fake's answer at once, which the dispatcher awaits all the same. */
function asHandlers(table: FakeHandlers<ChannelName>): Handlers {
  const entries = CHANNEL_NAMES.map((channel) => {
    const handle = table[channel] as (input: unknown) => unknown;
    return [channel, (input: unknown) => Promise.resolve(handle(input))];
  });
  return Object.fromEntries(entries) as Handlers;
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';

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
  /** What `library:undo` takes back: main keeps only the last organize action that changed anything. */
  lastUndo: FakeUndo | null = null;
  readonly openedLinks: ExternalLinkName[] = [];
  libraryPath: string;
  /** The folder the system dialog "chooses" on `library:move`; null: the user cancels the dialog. */
  nextLibraryPath: string | null = '/media/backup/Reverie Library';
  network: NetworkStatus;
  /** What `account:balance` answers: main's last read of GET /v2/billing. */
  balance: AccountBalance;
  /** What `library:rebuild` reports; null: the number of items, nothing missing, no problems. */
  rebuildReport: MaintenanceReport | null = null;
  /** The folder the system dialog "chooses" on `export:start`; null: the user cancels the dialog. */
  nextExportFolder: string | null = '/home/user/Pictures/Reverie export';
  /** Exports started (each moves only when a test emits its events), by id. */
  readonly exports = new Map<string, { selection: Selection; options: ExportOptions; destination: string; cancelled: boolean }>();
  /** The files `library:import-picked`'s open dialog "chooses" (main reads them); null: the user cancels the dialog. */
  nextPickedImages: Array<{ name: string; bytes: Uint8Array }> | null = null;
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
  /**
   * Handlers that threw. Main answers those with a generic `internal` error (the dispatcher does so
   * here too); in the fake a throw is a bug in it or in a test, so setup.ts fails the test.
   */
  readonly handlerBugs: Array<{ channel: string; error: unknown }> = [];
  private readonly overrides: Overrides = {};
  private readonly listeners = new Map<EventName, Set<(payload: never) => void>>();
  private readonly dispatch: Dispatch;
  /** Replies the fake still owes (see `settled`), and who waits for there to be none. */
  private owed = 0;
  private readonly waitingForSettled: Array<() => void> = [];
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
      theme: 'system',
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
    this.balance = options.balance ?? { usd: null, readAt: null };
    // One file per feature, as main's studio/handlers/; together they answer every channel, or this does not compile.
    const handlers: FakeHandlers<ChannelName> = {
      ...settingsHandlers(this),
      ...queueHandlers(this),
      ...promptHandlers(this),
      ...libraryHandlers(this),
      ...organizeHandlers(this),
      ...exportHandlers(this),
      ...shareHandlers(this),
      ...libraryFolderHandlers(this),
      ...noticeHandlers(this),
      ...networkHandlers(this),
      ...accountHandlers(this),
    };
    this.dispatch = createDispatcher(asHandlers(handlers), (channel, error) => this.handlerBugs.push({ channel, error }));
  }

  /** Replace a channel's reply: a fixed reply, or a function of the input (may be async). */
  reply<C extends ChannelName>(channel: C, reply: Override<C>): this {
    (this.overrides as Record<ChannelName, unknown>)[channel] = reply;
    return this;
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
    // The preload's own checks (electron/preload/index.ts).
    if (!isEventName(event)) throw new TypeError('Unknown Reverie event.');
    if (typeof listener !== 'function') throw new TypeError('A Reverie event listener must be a function.');
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener as (payload: never) => void);
    this.listeners.set(event, set);
    return () => {
      set.delete(listener as (payload: never) => void);
    };
  }

  async invoke<C extends ChannelName>(channel: C, ...input: ChannelInput<C> extends undefined ? [] : [ChannelInput<C>]): Promise<ChannelReply<C>> {
    // The preload refuses a name outside the contract before anything is sent (electron/preload/index.ts).
    if (!isChannelName(channel)) throw new TypeError('Unknown Reverie channel.');
    const value = input[0] as ChannelInput<C>;
    this.calls.push({ channel, input: value } as Call);
    this.owed += 1;
    let owing = true;
    const paid = () => {
      if (!owing) return;
      owing = false;
      this.owed -= 1;
      if (this.owed === 0) this.waitingForSettled.splice(0).forEach((wake) => wake());
    };
    try {
      // Only the first argument travels, as a structured clone (Electron docs, ipcRenderer.invoke:
      // "serialized with the Structured Clone Algorithm"): what cannot be cloned is refused here as
      // there. The value itself goes on: under jsdom a clone would hold Node's typed arrays rather
      // than the page's, and main's schemas hand their handlers fresh objects anyway.
      structuredClone(value);
      // Like IPC, replies never arrive synchronously.
      await Promise.resolve();
      const override = this.overrides[channel] as Override<C> | undefined;
      if (override !== undefined) {
        const reply = typeof override === 'function' ? override(value) : override;
        // A reply the test holds in a promise of its own arrives when the test says so.
        if (isThenable(reply)) paid();
        return structuredClone(await reply);
      }
      // The reply crosses back as a clone: the page never holds the fake's own records.
      return structuredClone(await this.dispatch(channel, value)) as ChannelReply<C>;
    } finally {
      paid();
    }
  }

  /**
   * Resolves once the fake has handed back every reply it owes: its own answers and fixed
   * overrides. A reply a test holds in a promise it returned from an override is the test's to
   * release, and is not waited for.
   */
  settled(): Promise<void> {
    if (this.owed === 0) return Promise.resolve();
    return new Promise((resolve) => this.waitingForSettled.push(resolve));
  }

  /** A notice from main, as the notice board would post it (listed and announced by event). */
  postNotice(notice: Omit<Notice, 'id' | 'createdAt'>): Notice {
    const posted: Notice = { ...notice, id: crypto.randomUUID(), createdAt: this.tick() };
    this.notices = [...this.notices, posted];
    this.emit('notices:changed', [...this.notices]);
    return posted;
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
    const finishedAt = this.tick();
    const item = makeItem({ prompt: job.params.prompt, aspectRatio: job.params.aspectRatio, credits, createdAt: finishedAt });
    this.library.push(item);
    this.updateJob(jobId, {
      state: 'done',
      startedAt: job.startedAt ?? finishedAt - 5000,
      finishedAt,
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

  /** The items a query matches, in its order (as main's `library:list` pages them). */
  matching(query: LibraryQuery): LibraryItem[] {
    return matchingItems(this.library, query);
  }

  /** The fake's clock: one second later on every call, so records made one after another sort apart. */
  tick(): number {
    this.clock += 1000;
    return this.clock;
  }
}

/** Installs a fresh fake as `window.reverie`, as the preload would before the page loads. */
export function installFakeReverie(options: FakeOptions = {}): FakeReverie {
  const fake = new FakeReverie(options);
  window.reverie = fake;
  return fake;
}
