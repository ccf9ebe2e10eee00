// Where the Electron executable is, found the way the `electron` package's own index.js finds it,
// but without `require('electron')`: since Electron 42 that call starts a download from GitHub when
// the binary is missing, which hangs or fails on machines without internet. Plain JavaScript, so
// `npm start` can use it before anything is built; the test suites use it too
// (tests/electron/electron-binary.ts), so there is one answer to "is Electron installed".
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** @typedef {{ ok: true, executablePath: string } | { ok: false, reason: string }} ElectronBinary */

/**
 * Missing means: no `electron` package, no path.txt (the download never completed) or no file where
 * it points. ELECTRON_OVERRIDE_DIST_PATH is honoured as electron's index.js honours it: the folder
 * holding the executable, named by path.txt or `electron` when there is none.
 * @returns {ElectronBinary}
 */
export function findElectronBinary() {
  let packageDir;
  try {
    packageDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { ok: false, reason: 'the electron package is not installed (npm install)' };
  }
  const pathFile = path.join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (!override && !relative) {
    return { ok: false, reason: 'node_modules/electron/path.txt is missing: the binary download never completed' };
  }
  const executablePath = override ? path.join(override, relative || 'electron') : path.join(packageDir, 'dist', relative);
  if (!existsSync(executablePath)) return { ok: false, reason: `no executable at ${executablePath}` };
  return { ok: true, executablePath };
}
