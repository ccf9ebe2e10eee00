// The JavaScript file behind an installed package's command, so scripts can start it with the Node
// that runs them (`process.execPath`) on every OS: no shell, and no `.cmd` shims on Windows.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/**
 * @param {string} packageName e.g. `electron-vite`
 * @param {string} [command] the `bin` entry; the package's own name by default
 * @returns {string} an absolute path
 */
export function packageBin(packageName, command = packageName.split('/').pop()) {
  const manifestPath = require.resolve(`${packageName}/package.json`);
  const { bin } = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const relative = typeof bin === 'string' ? bin : bin?.[command];
  if (!relative) throw new Error(`${packageName} has no command ${command}`);
  return path.join(path.dirname(manifestPath), relative);
}
