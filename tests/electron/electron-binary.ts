import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type ElectronBinary = { ok: true; executablePath: string } | { ok: false; reason: string };

/**
 * Finds the Electron executable the way the `electron` package does, but without `require('electron')`:
 * that call starts a download from GitHub when the binary is missing, which hangs or fails on
 * machines without internet. Missing means: no path.txt (the install step never finished) or no
 * file where it points.
 */
export function findElectronBinary(): ElectronBinary {
  let packageDir: string;
  try {
    packageDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { ok: false, reason: 'the electron package is not installed (npm install)' };
  }
  const pathFile = path.join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return { ok: false, reason: `${path.relative(process.cwd(), pathFile)} is missing: the binary download never completed` };
  }
  const relative = readFileSync(pathFile, 'utf8').trim();
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const executablePath = override ? path.join(override, relative) : path.join(packageDir, 'dist', relative);
  if (!existsSync(executablePath)) return { ok: false, reason: `no executable at ${executablePath}` };
  return { ok: true, executablePath };
}

export const skipReason = (reason: string) =>
  `Electron binary not installed on this machine (${reason}): the _electron suite did not run.`;
