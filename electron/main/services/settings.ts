import {
  API_BASE_URL_ENV,
  ApiBaseUrl,
  DEFAULT_API_BASE_URL,
  Settings,
  type SettingsUpdate,
  type SettingsView,
} from '../../shared/domain';
import type { SettingsBackend } from './ports';

export interface SettingsService {
  view(): SettingsView;
  update(patch: SettingsUpdate): SettingsView;
  /** Main only (after a move): the renderer's SettingsUpdate cannot carry a path. */
  setLibraryLocation(path: string): void;
  apiBaseUrl(): string;
}

/**
 * Settings persisted through the backend (electron-store in the app). What is read back is
 * validated: a hand-edited or older file falls back to defaults field by field instead of
 * breaking startup. The environment variable wins over the setting so test runs and proxies
 * can redirect the app without touching the user's file.
 */
export function createSettingsService(
  backend: SettingsBackend,
  env: Readonly<Record<string, string | undefined>>,
  warn: (message: string) => void = console.warn,
): SettingsService {
  const fromEnvironment = parseEnvironmentBaseUrl(env[API_BASE_URL_ENV], warn);

  // Read once and kept: the queue asks for concurrency on every scheduling pass, and the file only
  // changes through update() below.
  let cached: Settings | null = null;

  function read(): Settings {
    cached ??= readFromBackend();
    return cached;
  }

  function readFromBackend(): Settings {
    const raw = backend.read();
    const parsed = Settings.safeParse(raw);
    if (parsed.success) return parsed.data;
    // Keep every field that is still valid; each invalid or missing one takes its default.
    const fields = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
    const salvaged = Object.fromEntries(
      Object.entries(Settings.shape).map(([name, schema]) => {
        const field = schema.safeParse(fields[name]);
        return [name, field.success ? field.data : schema.parse(undefined)];
      }),
    );
    return Settings.parse(salvaged);
  }

  function view(): SettingsView {
    const settings = read();
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
    update(patch) {
      const changes = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
      const next = Settings.parse({ ...read(), ...changes });
      backend.write(next);
      cached = next;
      return view();
    },
    setLibraryLocation(path) {
      const next = Settings.parse({ ...read(), libraryLocation: path });
      backend.write(next);
      cached = next;
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
