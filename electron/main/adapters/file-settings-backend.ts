import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic, type AtomicWriteFs } from '../services/atomic-write';
import type { SettingsBackend } from '../services/ports';
import { SETTINGS_FILE_NAME, parseSettingsText, removeSettingsTempFiles, setAsideSettingsFile } from '../services/settings/file';

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';

export interface FileSettingsOptions {
  /** The file calls of each write (tests fail one part-way). */
  fs?: AtomicWriteFs;
}

/**
 * Settings as `settings.json` in `folder`, for hosts without Electron (the preview and the tests).
 * The same reading as the electron-store backend (settings-file.ts), and writes through the project's
 * atomic write: a temp file in the same folder, fsync, rename, so a crash leaves the old file or the
 * new one, never half of one.
 */
export function createFileSettingsBackend(folder: string, options: FileSettingsOptions = {}): SettingsBackend {
  const target = path.join(folder, SETTINGS_FILE_NAME);
  removeSettingsTempFiles(folder);
  return {
    read() {
      let text: string;
      try {
        text = readFileSync(target, 'utf8');
      } catch (error) {
        if (isMissing(error)) return {};
        throw error;
      }
      return parseSettingsText(text);
    },
    async write(settings) {
      mkdirSync(folder, { recursive: true });
      await writeFileAtomic(target, `${JSON.stringify(settings, null, 2)}\n`, options.fs);
    },
    setAside: (now) => setAsideSettingsFile(target, folder, now),
  };
}
