// `postinstall`: fetches the Electron binary with the electron package's own installer (its
// `install-electron` command). Since Electron 42 nothing else does it at install time, and
// electron-vite (`npm start`) reads node_modules/electron/path.txt without ever fetching it.
// Tolerant by design: where the download cannot happen (no route to GitHub, a proxy, a platform
// without builds) it says so in one line and exits 0, so `npm install` still completes and
// `npm run preview` works. Plain JavaScript: it runs before anything is built.
import { spawn } from 'node:child_process';
import { findElectronBinary } from './electron-binary.mjs';
import { packageBin } from './package-bin.mjs';

// Unreachable hosts fail on their own within seconds (DNS, or undici's 10 s connect timeout); this
// bounds the rest, e.g. a proxy that accepts the connection and never answers (undici waits 300 s
// for headers). A real download of about 100 MB fits in it on a slow line.
const LIMIT_MS = 10 * 60_000;
const LATER = '`npm start` needs it: run `npx install-electron` once GitHub is reachable, or use `npm run preview` (the studio in Chromium) meanwhile.';

const say = (line) => console.log(`Reverie: ${line}`);

if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  say(`Electron binary not downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD is set). ${LATER}`);
  process.exit(0);
}

let installer;
try {
  installer = packageBin('electron', 'install-electron');
} catch {
  say('the electron package is not installed (e.g. `npm install --omit=dev`), so there is no Electron binary to fetch.');
  process.exit(0);
}

// Output is kept, not shown: on failure the installer prints a stack trace, and one line says more.
const child = spawn(process.execPath, [installer], { stdio: ['ignore', 'pipe', 'pipe'] });
let output = '';
child.stdout.on('data', (chunk) => (output += chunk));
child.stderr.on('data', (chunk) => (output += chunk));
let timedOut = false;
const timer = setTimeout(() => {
  timedOut = true;
  child.kill();
}, LIMIT_MS);

child.on('error', (error) => finish(`could not run Electron's installer (${error.message})`));
child.on('close', (code) => {
  if (timedOut) return finish(`no answer from the download within ${LIMIT_MS / 60_000} minutes`);
  if (code !== 0) return finish(firstLine(output) ?? `Electron's installer exited with code ${code}`);
  const binary = findElectronBinary();
  finish(binary.ok ? null : binary.reason);
});

/** @param {string | null} problem */
function finish(problem) {
  clearTimeout(timer);
  if (problem) say(`could not download the Electron binary (${problem}). ${LATER}`);
  process.exit(0);
}

/** The error's own message, e.g. `TypeError: fetch failed` or `HTTPError: Response code 404 …`. */
function firstLine(text) {
  const line = text
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l && !l.startsWith('at '));
  return line ? line.slice(0, 200) : null;
}
