import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** The settings file's name in the data folder, for both backends (electron-store adds `.json` to `settings`). */
export const SETTINGS_FILE_NAME = 'settings.json';

/** A settings file that holds no settings object: kept aside for the user, never silently replaced. */
export class UnreadableSettingsError extends Error {
  override name = 'UnreadableSettingsError';
}

const describeJson = (value: unknown) =>
  value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;

/**
 * The one reading of the settings file both backends share (electron-store takes it as its
 * `deserialize`): a JSON object, or UnreadableSettingsError saying why not. electron-store's own reading
 * turns a list, a number or `null` into empty settings without a word, and an empty or garbled file
 * into an error its `clearInvalidConfig` answers by overwriting the file; neither may happen here.
 */
export function parseSettingsText(text: string): Record<string, unknown> {
  // A text editor may save a byte order mark, which is not part of the JSON (electron-store skips it too).
  const json = text.replace(/^\uFEFF/, '');
  if (json.trim() === '') throw new UnreadableSettingsError('The settings file is empty.');
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    // JSON.parse's message quotes the file; the file is named in the notice instead.
    throw new UnreadableSettingsError('The settings file is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UnreadableSettingsError(`The settings file holds ${describeJson(value)}, not settings.`);
  }
  return value as Record<string, unknown>;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `settings.unreadable-2025-03-01-14-05-09.json`: sorts by time, and says what it is. */
export function setAsideName(now: number, attempt = 0): string {
  const d = new Date(now);
  const stamp = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}-${pad(d.getHours())}-${pad(d.getMinutes())}-${pad(d.getSeconds())}`;
  return `settings.unreadable-${stamp}${attempt > 0 ? `-${attempt + 1}` : ''}.json`;
}

/**
 * Renames the file at `path` to a free `settings.unreadable-<time>.json` beside it and returns the new
 * path. A rename, not a copy: the bytes stay exactly as found, and no half-written copy can exist.
 */
export function setAsideSettingsFile(path: string, folder: string, now: number): string {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const aside = join(folder, setAsideName(now, attempt));
    if (existsSync(aside)) continue;
    renameSync(path, aside);
    return aside;
  }
  throw new Error('There are already 100 set-aside settings files for this second.');
}

/**
 * Temp files an interrupted settings write left in `folder`: the project's own atomic write
 * (`.settings.json.<hex>.tmp`) and the `atomically` package electron-store writes with
 * (`settings.json.tmp-<10 digits><6 hex>`, see atomically/dist/utils/temp.js). Nothing else is touched.
 */
export function removeSettingsTempFiles(folder: string): number {
  const ours = /^\.settings\.json\.[0-9a-f]{12}\.tmp$/;
  const atomically = /^settings\.json\.tmp-\d{10}[0-9a-f]{6}$/;
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return 0;
  }
  for (const name of names) {
    if (!ours.test(name) && !atomically.test(name)) continue;
    rmSync(join(folder, name), { force: true });
    removed += 1;
  }
  return removed;
}
