import { execFile } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `npm start` (scripts/start.mjs) up to the moment Electron starts: with the binary missing it says
 * so in plain words and names `npm run preview`; with an Electron (here a stand-in executable found
 * through ELECTRON_OVERRIDE_DIST_PATH, the way the electron package's own index.js finds one) it
 * builds once and launches it on the project.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');

function runStart(cwd: string, env: Record<string, string>) {
  const { ELECTRON_EXEC_PATH: _chosenBefore, ELECTRON_RENDERER_URL: _devServer, ...inherited } = process.env;
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [path.join(cwd, 'scripts/start.mjs')], { cwd, env: { ...inherited, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

const lines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');

it('is what `npm start` runs', async () => {
  const manifest = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8'));
  expect(manifest.scripts.start).toBe('node scripts/start.mjs');
});

it('without the Electron binary, prints one plain sentence and `npm run preview`, and fails without a stack trace', async () => {
  // An empty dist folder: missing here even on a machine where the real binary is installed.
  const emptyDist = await mkdtemp(path.join(tmpdir(), 'reverie-no-electron-'));
  try {
    const result = await runStart(ROOT, { ELECTRON_OVERRIDE_DIST_PATH: emptyDist });

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const [sentence, command, ...rest] = lines(result.stderr);
    expect(sentence).toMatch(/^Reverie cannot start because the Electron binary is not installed \(no executable at .+\); .+:$/);
    expect(command).toBe('  npm run preview');
    expect(rest).toEqual([]);
    expect(result.stderr).not.toMatch(/Electron uninstall|^\s+at /m);
  } finally {
    await rm(emptyDist, { recursive: true, force: true });
  }
});

// A shell script stands in for Electron; Windows cannot start one without a shell.
const standInReason = process.platform === 'win32' ? 'the stand-in Electron is a shell script, which Windows cannot execute directly' : null;
if (standInReason) console.log(`[npm-start] stand-in Electron skipped: ${standInReason}`);

describe.skipIf(standInReason)('with an Electron executable', () => {
  // A copy of what the build reads, with the real node_modules linked in: the build writes the
  // copy's out/, never the out/ that other suites are reading meanwhile.
  let project: string;
  let record: string;
  let result: { code: number; stdout: string; stderr: string };

  beforeAll(async () => {
    project = await mkdtemp(path.join(tmpdir(), 'reverie-start-'));
    for (const entry of [
      'electron',
      'renderer',
      'resources',
      'scripts',
      'package.json',
      'electron.vite.config.ts',
      'tsconfig.json',
      'tsconfig.base.json',
      'tsconfig.node.json',
      'tsconfig.web.json',
    ]) {
      await cp(path.join(ROOT, entry), path.join(project, entry), { recursive: true });
    }
    await symlink(path.join(ROOT, 'node_modules'), path.join(project, 'node_modules'), 'dir');

    const dist = path.join(project, 'stand-in-electron');
    record = path.join(project, 'launch.txt');
    await mkdir(dist);
    // Records its working folder and arguments, one per line, then exits as a closed app would.
    await writeFile(path.join(dist, 'electron'), `#!/bin/sh\npwd > "$STAND_IN_RECORD"\nfor arg in "$@"; do echo "$arg" >> "$STAND_IN_RECORD"; done\n`);
    await chmod(path.join(dist, 'electron'), 0o755);

    result = await runStart(project, { ELECTRON_OVERRIDE_DIST_PATH: dist, STAND_IN_RECORD: record });
  });

  afterAll(async () => {
    if (project) await rm(project, { recursive: true, force: true });
  });

  it('builds main, preload and renderer once', () => {
    expect(result.stderr).not.toMatch(/error/i);
    expect(existsSync(path.join(project, 'out/main/index.js'))).toBe(true);
    expect(existsSync(path.join(project, 'out/preload/index.cjs'))).toBe(true);
    expect(existsSync(path.join(project, 'out/renderer/index.html'))).toBe(true);
    // Vite reports each of the three bundles once per build; `electron-vite build && electron-vite preview` made six.
    expect(result.stdout.match(/built in \d/g)).toHaveLength(3);
  });

  it('launches Electron on the project folder, whose package.json points at the built main', async () => {
    expect(result.code).toBe(0);
    const [cwd, ...args] = lines(await readFile(record, 'utf8'));
    // realpath: the shell reports the physical folder (on macOS the temp folder sits behind a symlink).
    expect(cwd).toBe(await realpath(project));
    expect(args).toEqual(['.']);
    const { main } = JSON.parse(await readFile(path.join(project, 'package.json'), 'utf8'));
    expect(existsSync(path.join(project, main))).toBe(true);
  });
});
