// `npm test` on Linux, macOS and Windows: typecheck and build, lint, the format check (Prettier), every
// suite (scripts/run-suites.mjs), then one closing line `N passed, N failed, N skipped`
// (scripts/test-summary.mjs). Every step runs even when an earlier one failed, so one run tells everything.
// On Linux the suites run inside a throwaway D-Bus session with a fresh GNOME Keyring
// (scripts/with-keyring.sh) where its tools are installed: the keychain contract test uses it, and so
// does the Electron app in the _electron suite. On macOS and Windows the system keychain serves, under
// throwaway service names.
import { appendFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { onPath, runCommand } from './run-command.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const results = path.join(root, '.tmp', 'test-results');
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });
const stepsFailed = path.join(results, 'steps-failed');
appendFileSync(stepsFailed, '');

await step('build', npm('run', 'build'));
await step('lint', npm('run', 'lint'));
await step('format', npm('run', 'format:check'));
await step('suites', suites());

const summary = await run([process.execPath, path.join(root, 'scripts', 'test-summary.mjs'), results]);
process.exit(summary);

/** @param {string} name @param {string[]} command */
async function step(name, command) {
  console.log(`::: ${name}`);
  if ((await run(command)) !== 0) appendFileSync(stepsFailed, `${name}\n`);
}

/**
 * npm itself, as the Node running this script: under `npm test` npm says where its CLI is
 * (npm_execpath), which avoids the `npm.cmd` shim that Windows cannot spawn without a shell.
 * @param {...string} args
 */
function npm(...args) {
  const cli = process.env.npm_execpath;
  return cli ? [process.execPath, cli, ...args] : ['npm', ...args];
}

function suites() {
  const runSuites = [process.execPath, path.join(root, 'scripts', 'run-suites.mjs'), results];
  if (process.platform !== 'linux') return runSuites;
  const missing = ['dbus-run-session', 'gnome-keyring-daemon'].filter((tool) => !onPath(tool));
  if (missing.length > 0) {
    console.log(`test-all: no throwaway GNOME Keyring (${missing.join(', ')} not installed): tests that need the real keychain skip and say why.`);
    return runSuites;
  }
  return ['bash', path.join(root, 'scripts', 'with-keyring.sh'), ...runSuites];
}

/** @param {string[]} command */
function run(command) {
  // A shell only for the bare `npm` fallback on Windows, where it is a .cmd file.
  return runCommand(command, { cwd: root, shell: process.platform === 'win32' && command[0] === 'npm' });
}
