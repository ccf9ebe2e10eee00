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
  ComposerDraft,
  DEFAULT_API_BASE_URL,
  DEFAULT_CONCURRENCY,
  EnqueueInput,
  HistoryQuery,
  LibraryPageInput,
  MODEL_ID,
  OpenLinkInput,
  SettingsUpdate,
  TemplateInput,
  type CostSummary,
  type Job,
  type KeyStatus,
  type LibraryItem,
  type PromptHistoryEntry,
  type PromptTemplate,
  type QueueSnapshot,
  type SettingsView,
} from '../../electron/shared/domain';
import { appError, fail, ok, type Result } from '../../electron/shared/errors';

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
  /** Emit `queue:job-updated` for each job an enqueue creates, as main does for every window. */
  emitOnEnqueue?: boolean;
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
    ...overrides,
  };
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
  readonly openedLinks: ExternalLinkName[] = [];
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
    };
    return (handlers[channel] as (input: ChannelInput<C>) => ChannelReply<C>)(input);
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

  private list(raw: ChannelInput<'library:list'>): Result<{ items: LibraryItem[]; nextCursor: string | null; total: number }> {
    const parsed = LibraryPageInput.safeParse(raw);
    if (!parsed.success) return invalidInput(parsed.error.issues);
    const { limit, cursor } = parsed.data;
    const sorted = [...this.library].sort((a, b) => b.createdAt - a.createdAt);
    const start = cursor === undefined ? 0 : Number(cursor);
    const items = sorted.slice(start, start + limit);
    const end = start + items.length;
    return ok({ items, nextCursor: end < sorted.length ? String(end) : null, total: sorted.length });
  }
}

/** Installs a fresh fake as `window.reverie`, as the preload would before the page loads. */
export function installFakeReverie(options: FakeOptions = {}): FakeReverie {
  const fake = new FakeReverie(options);
  window.reverie = fake;
  return fake;
}
