// The test suites proper; scripts/test-all.mjs runs this (on Linux inside the throwaway keyring
// session). Each suite writes a JSON report into the folder given as the first argument, for
// scripts/test-summary.mjs; a suite that fails still lets the next one run.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.mjs';
import { packageBin } from './package-bin.mjs';
import { onPath, runCommand } from './run-command.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const results = path.resolve(process.argv[2] ?? path.join(root, '.tmp', 'test-results'));
const vitest = packageBin('vitest');
const playwright = packageBin('@playwright/test', 'playwright');
let status = 0;

status |= await run([process.execPath, vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${path.join(results, 'vitest.json')}`]);

status |= await run([process.execPath, playwright, 'test', '-c', 'tests/e2e/playwright.config.ts', '--reporter=list,json'], {
  PLAYWRIGHT_JSON_OUTPUT_FILE: path.join(results, 'e2e.json'),
});

status |= await run([...headlessDisplay(), process.execPath, playwright, 'test', '-c', 'tests/electron/playwright.config.ts', '--reporter=list,json'], {
  PLAYWRIGHT_JSON_OUTPUT_FILE: path.join(results, 'electron.json'),
});

process.exit(status);

/**
 * Electron needs a display. On a Linux machine without one (CI, a server), the _electron suite runs
 * under a virtual one when Electron is installed and xvfb-run is there; otherwise as it is (it skips
 * with its reason where Electron is missing, and fails plainly where there is no display).
 */
function headlessDisplay() {
  if (process.platform !== 'linux' || process.env.DISPLAY || process.env.WAYLAND_DISPLAY) return [];
  if (!findElectronBinary().ok) return [];
  if (!onPath('xvfb-run')) {
    console.log('run-suites: no display and no xvfb-run (apt-get install xvfb): Electron cannot open a window here.');
    return [];
  }
  return ['xvfb-run', '-a'];
}

/**
 * @param {string[]} command
 * @param {Record<string, string>} [env]
 */
function run(command, env = {}) {
  return runCommand(command, { cwd: root, env });
}
