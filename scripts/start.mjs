// `npm start`: builds main, preload and renderer once, then opens them in Electron through
// electron-vite's preview (with --skipBuild: it would otherwise build a second time). Where the
// Electron binary is missing it says so in plain words and names the command that works without
// it, instead of electron-vite's "Electron uninstall" stack trace. Arguments are passed on to
// `electron-vite preview` (e.g. `npm start -- --noSandbox`).
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.mjs';
import { packageBin } from './package-bin.mjs';
import { runCommand } from './run-command.mjs';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

const binary = findElectronBinary();
if (!binary.ok) {
  console.error(
    `Reverie cannot start because the Electron binary is not installed (${binary.reason}); ` +
      'run `npx install-electron` where GitHub is reachable, or open the same studio in Chromium with:',
  );
  console.error('  npm run preview');
  process.exit(1);
}

const electronVite = packageBin('electron-vite');
const built = await runCommand([process.execPath, electronVite, 'build'], { cwd: projectRoot });
if (built !== 0) process.exit(built);
// electron-vite reads node_modules/electron/path.txt unless ELECTRON_EXEC_PATH names the binary:
// hand it the one found above, so both agree (ELECTRON_OVERRIDE_DIST_PATH included).
const preview = [process.execPath, electronVite, 'preview', '--skipBuild', ...process.argv.slice(2)];
process.exit(await runCommand(preview, { cwd: projectRoot, env: { ELECTRON_EXEC_PATH: binary.executablePath } }));
