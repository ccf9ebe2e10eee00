import type {
  ChannelInput,
  ChannelName,
  ChannelReply,
  EventName,
  Events,
  ReverieApi,
} from '../../electron/shared/contract';
import { MEDIA_BASE } from '../../electron/shared/contract';
import {
  ApiKeyInput,
  ASPECT_RATIO_PIXELS,
  DEFAULT_API_BASE_URL,
  GenerateInput,
  LibraryPageInput,
  MODEL_ID,
  SettingsUpdate,
  type KeyStatus,
  type LibraryItem,
  type SettingsView,
} from '../../electron/shared/domain';
import { appError, fail, ok, type Result } from '../../electron/shared/errors';

/**
 * A stand-in for the preload's `window.reverie`, typed from the contract so a contract change
 * breaks it at compile time. It keeps key status, settings and library in memory and behaves
 * like main by default (including parsing inputs with the real schemas); any channel's reply can
 * be overridden, every call is recorded, and events can be emitted by hand.
 */

type Handler<C extends ChannelName> = (input: ChannelInput<C>) => ChannelReply<C> | Promise<ChannelReply<C>>;
type Override<C extends ChannelName> = ChannelReply<C> | Handler<C>;
type Overrides = { [C in ChannelName]?: Override<C> };
export type Call = { [C in ChannelName]: { channel: C; input: ChannelInput<C> } }[ChannelName];

export interface FakeOptions {
  key?: Partial<KeyStatus>;
  settings?: Partial<SettingsView>;
  library?: LibraryItem[];
  /** Also emit `library:item-added` after a successful generate, as main does for every window. */
  emitOnGenerate?: boolean;
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

export class FakeReverie implements ReverieApi {
  readonly mediaBase = MEDIA_BASE;
  keyStatus: KeyStatus;
  settings: SettingsView;
  library: LibraryItem[];
  emitOnGenerate: boolean;
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
      effectiveApiBaseUrl: DEFAULT_API_BASE_URL,
      apiBaseUrlSource: 'default',
      ...options.settings,
    };
    this.library = [...(options.library ?? [])];
    this.emitOnGenerate = options.emitOnGenerate ?? true;
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
      'generate:create': (raw) => this.generate(raw),
      'library:list': (raw) => this.list(raw),
    };
    return (handlers[channel] as (input: ChannelInput<C>) => ChannelReply<C>)(input);
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
    const next = { ...this.settings };
    if (parsed.data.defaultAspectRatio !== undefined) next.defaultAspectRatio = parsed.data.defaultAspectRatio;
    if (parsed.data.apiBaseUrl !== undefined) {
      next.apiBaseUrl = parsed.data.apiBaseUrl;
      if (next.apiBaseUrlSource !== 'environment') {
        next.apiBaseUrlSource = next.apiBaseUrl === null ? 'default' : 'settings';
        next.effectiveApiBaseUrl = next.apiBaseUrl ?? DEFAULT_API_BASE_URL;
      }
    }
    this.settings = next;
    return ok({ ...next });
  }

  private generate(raw: ChannelInput<'generate:create'>): Result<LibraryItem> {
    const parsed = GenerateInput.safeParse(raw);
    if (!parsed.success) return invalidInput(parsed.error.issues);
    if (!this.keyStatus.stored) return fail(appError('no-key', 'Add your AI/ML API key in Settings first.'));
    this.clock += 1000;
    const item = makeItem({ prompt: parsed.data.prompt, aspectRatio: parsed.data.aspectRatio, createdAt: this.clock });
    this.library.push(item);
    if (this.emitOnGenerate) setTimeout(() => this.emit('library:item-added', item), 0);
    return ok(item);
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
