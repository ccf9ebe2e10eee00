import { API_BASE_URL_ENV, ApiBaseUrl, DEFAULT_API_BASE_URL, Settings, type SettingsUpdate, type SettingsView } from '../../../shared/domain';
import type { SettingsBackend } from '../ports';
import { UnreadableSettingsError } from './file';

export interface SettingsService {
  view(): SettingsView;
  update(patch: SettingsUpdate): Promise<SettingsView>;
  /** Main only (after a move): the renderer's SettingsUpdate cannot carry a path. */
  setLibraryLocation(path: string | null): Promise<void>;
  apiBaseUrl(): string;
}

/** What opening the settings found wrong, and where the file as it was has been kept. */
export interface SettingsRecovery {
  /** One sentence: why the file could not be used as it was. */
  reason: string;
  /** The file as found, renamed aside; null when even that failed (it is then left where it was until the next change). */
  keptAt: string | null;
  /** Settings that went back to their defaults (every one, for a file that could not be read at all). */
  resetFields: string[];
}

export interface SettingsOptions {
  now?: () => number;
  warn?: (message: string) => void;
  /** Told once, while opening, when the file had to be set aside. */
  onRecovered?: (recovery: SettingsRecovery) => void;
}

/**
 * Settings persisted through the backend (electron-store in the app). A file that is not entirely
 * valid settings is never silently replaced: it is renamed aside and kept, every field that was still
 * valid is carried over into a new file at once, and `onRecovered` says what happened, so the caller
 * can tell the user. The environment variable wins over the setting so test runs and proxies can
 * redirect the app without touching the user's file.
 */
export async function openSettings(
  backend: SettingsBackend,
  env: Readonly<Record<string, string | undefined>>,
  options: SettingsOptions = {},
): Promise<SettingsService> {
  const now = options.now ?? Date.now;
  const warn = options.warn ?? console.warn;
  const fromEnvironment = parseEnvironmentBaseUrl(env[API_BASE_URL_ENV], warn);

  // Read once and kept: the queue asks for concurrency on every scheduling pass, and the file only
  // changes through the writes below.
  let cached = await load();

  async function load(): Promise<Settings> {
    let raw: Record<string, unknown>;
    try {
      raw = backend.read();
    } catch (error) {
      if (!(error instanceof UnreadableSettingsError)) throw error;
      const defaults = Settings.parse({});
      const keptAt = await replaceFile(defaults);
      options.onRecovered?.({ reason: error.message, keptAt, resetFields: Object.keys(Settings.shape) });
      return defaults;
    }
    const parsed = Settings.safeParse(raw);
    if (parsed.success) return parsed.data;
    // Keep every field that is still valid; each invalid one takes its default.
    const resetFields: string[] = [];
    const salvaged = Object.fromEntries(
      Object.entries(Settings.shape).map(([name, schema]) => {
        const field = schema.safeParse(raw[name]);
        if (!field.success) resetFields.push(name);
        return [name, field.success ? field.data : schema.parse(undefined)];
      }),
    );
    const settings = Settings.parse(salvaged);
    const keptAt = await replaceFile(settings);
    options.onRecovered?.({ reason: `Some settings in the file were not valid: ${resetFields.join(', ')}.`, keptAt, resetFields });
    return settings;
  }

  /**
   * The file as found goes aside, and `settings` is written in its place. Neither failing may keep
   * Reverie from starting: the settings are then used from memory, and the next change writes them.
   */
  async function replaceFile(settings: Settings): Promise<string | null> {
    let keptAt: string | null = null;
    try {
      keptAt = backend.setAside(now());
      await backend.write(settings);
    } catch (error) {
      warn(`settings: ${keptAt === null ? 'the unreadable file could not be set aside' : 'the repaired settings could not be written'}: ${String(error)}`);
    }
    return keptAt;
  }

  async function store(next: Settings): Promise<void> {
    await backend.write(next);
    cached = next;
  }

  function view(): SettingsView {
    const settings = cached;
    if (fromEnvironment) {
      return { ...settings, effectiveApiBaseUrl: fromEnvironment, apiBaseUrlSource: 'environment' };
    }
    if (settings.apiBaseUrl) {
      return { ...settings, effectiveApiBaseUrl: settings.apiBaseUrl, apiBaseUrlSource: 'settings' };
    }
    return { ...settings, effectiveApiBaseUrl: DEFAULT_API_BASE_URL, apiBaseUrlSource: 'default' };
  }

  return {
    view,
    async update(patch) {
      const changes = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
      await store(Settings.parse({ ...cached, ...changes }));
      return view();
    },
    async setLibraryLocation(path) {
      await store(Settings.parse({ ...cached, libraryLocation: path }));
    },
    apiBaseUrl: () => view().effectiveApiBaseUrl,
  };
}

function parseEnvironmentBaseUrl(value: string | undefined, warn: (message: string) => void): string | null {
  if (!value) return null;
  const parsed = ApiBaseUrl.safeParse(value);
  if (parsed.success) return parsed.data;
  // An unsafe address (plain http to another machine) must not receive the key; say why and ignore it.
  warn(`${API_BASE_URL_ENV} is ignored: ${parsed.error.issues[0]?.message ?? 'not a valid address'}`);
  return null;
}
