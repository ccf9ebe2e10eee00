import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { writeStandInElectron } from './stand-in-electron';

export const PROJECT_DIR = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);

interface RunResult {
  code: number | null;
  output: string;
}

/** Runs a Node CLI on the same Node as the tests (the project's pinned one), output captured. */
function runNode(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: PROJECT_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** `out/` as `npm run build` leaves it; built here only when missing (`npm test` builds before the suites). */
export async function ensureBuiltApp(): Promise<void> {
  if (existsSync(path.join(PROJECT_DIR, 'out/main/index.js'))) return;
  const cli = path.join(path.dirname(require.resolve('electron-vite/package.json')), 'bin/electron-vite.js');
  const build = await runNode(cli, ['build'], process.env);
  if (build.code !== 0) throw new Error(`electron-vite build failed:\n${build.output}`);
}

export interface PackagedApp {
  /** linux-unpacked: the executable, resources/app.asar and app.asar.unpacked. */
  appOutDir: string;
  executable: string;
  output: string;
  /** Download caches electron-builder and @electron/get would fill if they fetched anything. */
  cacheDirs: string[];
}

/**
 * electron-builder's directory target for Linux on this machine's architecture (its node_modules hold
 * that architecture's native packages), with the project's own electron-builder.yml, against the
 * stand-in Electron; everything it writes or would download lands under `workDir`.
 */
export async function packageLinuxDir(workDir: string): Promise<PackagedApp> {
  const electronDist = path.join(workDir, 'electron-dist');
  const outputDir = path.join(workDir, 'dist');
  const cacheDirs = ['electron-builder-cache', 'electron-cache', 'xdg-cache'].map((name) => path.join(workDir, name));
  await writeStandInElectron(electronDist);
  await Promise.all(cacheDirs.map((dir) => mkdir(dir, { recursive: true })));

  const cli = path.join(path.dirname(require.resolve('electron-builder/package.json')), 'cli.js');
  const env = {
    ...process.env,
    // Empty caches: a download, if one were attempted, would have to go to the network and leave files here.
    ELECTRON_BUILDER_CACHE: cacheDirs[0],
    electron_config_cache: cacheDirs[1],
    ELECTRON_CACHE: cacheDirs[1],
    XDG_CACHE_HOME: cacheDirs[2],
  };
  const result = await runNode(
    cli,
    ['--linux', 'dir', `--${process.arch}`, '--publish', 'never', `-c.electronDist=${electronDist}`, `-c.directories.output=${outputDir}`],
    env,
  );
  if (result.code !== 0) throw new Error(`electron-builder failed (exit ${result.code}):\n${result.output}`);
  // electron-builder names the folder by architecture, leaving it out for x64 (builder-util getArchSuffix).
  const appOutDir = path.join(outputDir, process.arch === 'x64' ? 'linux-unpacked' : `linux-${process.arch}-unpacked`);
  return { appOutDir, executable: path.join(appOutDir, 'reverie'), output: result.output, cacheDirs };
}

/** Every file below `dir`, as paths relative to it with forward slashes. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}
