import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { SettingsBackend } from '../services/ports';

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';

function fsyncDirectory(folder: string): void {
  // Makes the rename itself durable; not supported on every platform (Windows), hence best effort.
  try {
    const fd = openSync(folder, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* best effort */
  }
}

/**
 * Settings as a JSON file in `folder`, for hosts without Electron (the browser test harness).
 * Writes are atomic: a temp file in the same folder, fsync, rename, so a crash leaves either the
 * old file or the new one, never half of one.
 */
export function createFileSettingsBackend(folder: string, fileName = 'settings.json'): SettingsBackend {
  const target = path.join(folder, fileName);
  return {
    read() {
      let text: string;
      try {
        text = readFileSync(target, 'utf8');
      } catch (error) {
        if (isMissing(error)) return {};
        throw error;
      }
      try {
        return JSON.parse(text) as unknown;
      } catch {
        // Unreadable settings fall back to defaults (the service validates), like the electron-store backend.
        return {};
      }
    },
    write(settings) {
      mkdirSync(folder, { recursive: true });
      const temp = path.join(folder, `.${fileName}.${randomUUID()}.tmp`);
      try {
        const fd = openSync(temp, 'wx', 0o600);
        try {
          writeSync(fd, `${JSON.stringify(settings, null, 2)}\n`);
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
        renameSync(temp, target);
      } catch (error) {
        rmSync(temp, { force: true });
        throw error;
      }
      fsyncDirectory(folder);
    },
  };
}
