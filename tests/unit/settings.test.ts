import { describe, expect, it } from 'vitest';
import type { SettingsBackend } from '../../electron/main/services/ports';
import { createSettingsService } from '../../electron/main/services/settings';
import { DEFAULT_API_BASE_URL } from '../../electron/shared/domain';

/** An in-memory backend: the settings file itself is covered by the file backend's own tests. */
const memoryBackend = (initial: unknown = {}): SettingsBackend & { stored: unknown } => {
  const backend = {
    stored: initial,
    read: () => backend.stored,
    write: (value: Record<string, unknown>) => {
      backend.stored = structuredClone(value);
    },
  };
  return backend;
};

describe('settings service', () => {
  it('uses the default base URL when nothing is set', () => {
    const view = createSettingsService(memoryBackend(), {}).view();
    expect(view).toMatchObject({ effectiveApiBaseUrl: DEFAULT_API_BASE_URL, apiBaseUrlSource: 'default', defaultAspectRatio: '3:2' });
  });

  it('stores a base URL override, trimmed of trailing slashes', () => {
    const backend = memoryBackend();
    const view = createSettingsService(backend, {}).update({ apiBaseUrl: 'https://proxy.example.com/v1' });
    expect(view).toMatchObject({ apiBaseUrl: 'https://proxy.example.com/v1', effectiveApiBaseUrl: 'https://proxy.example.com/v1', apiBaseUrlSource: 'settings' });
    expect(backend.stored).toMatchObject({ apiBaseUrl: 'https://proxy.example.com/v1' });
  });

  it('lets REVERIE_API_BASE_URL win over the setting', () => {
    const backend = memoryBackend({ apiBaseUrl: 'https://proxy.example.com/v1' });
    const view = createSettingsService(backend, { REVERIE_API_BASE_URL: 'http://127.0.0.1:8787/v1/' }).view();
    expect(view).toMatchObject({ effectiveApiBaseUrl: 'http://127.0.0.1:8787/v1', apiBaseUrlSource: 'environment' });
  });

  it('ignores an environment address that would send the key over plain http to another machine', () => {
    const warnings: string[] = [];
    const service = createSettingsService(memoryBackend(), { REVERIE_API_BASE_URL: 'http://192.0.2.10/v1' }, (m) => warnings.push(m));
    expect(service.apiBaseUrl()).toBe(DEFAULT_API_BASE_URL);
    expect(warnings.join()).toMatch(/REVERIE_API_BASE_URL is ignored/);
  });

  it('survives a hand-edited file by keeping the valid fields and defaulting the rest', () => {
    const view = createSettingsService(memoryBackend({ apiBaseUrl: 'ftp://nope', defaultAspectRatio: '16:9', extra: 1 }), {}).view();
    expect(view).toMatchObject({ apiBaseUrl: null, defaultAspectRatio: '16:9', apiBaseUrlSource: 'default' });
  });

  it('clears the override when set to null', () => {
    const backend = memoryBackend({ apiBaseUrl: 'https://proxy.example.com/v1' });
    const view = createSettingsService(backend, {}).update({ apiBaseUrl: null });
    expect(view.apiBaseUrlSource).toBe('default');
  });
});
