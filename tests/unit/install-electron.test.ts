import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * The `postinstall` step (scripts/install-electron.mjs) runs the electron package's own installer
 * and tolerates a download that cannot happen: one line naming `npm run preview`, exit 0, so
 * `npm install` completes. The mirror is always on 127.0.0.1: the test never reaches the internet.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const SCRIPT = path.join(ROOT, 'scripts/install-electron.mjs');
const cleanup: Array<() => Promise<unknown>> = [];

afterEach(async () => {
  for (const undo of cleanup.splice(0)) await undo();
});

async function tempDir(prefix: string) {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * The environment of an `npm install` that must download: no Electron settings of the machine or
 * of npm (@electron/get reads npm_config_electron_* before ELECTRON_*), an empty download cache,
 * and an empty dist folder so that a binary installed in node_modules does not end it early.
 */
async function installEnv(overrides: Record<string, string>) {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || /^(electron_|npm_config_electron_|npm_package_config_electron_|force_no_cache$)/i.test(name)) continue;
    env[name] = value;
  }
  return {
    ...env,
    electron_config_cache: await tempDir('reverie-electron-cache-'),
    ELECTRON_OVERRIDE_DIST_PATH: await tempDir('reverie-electron-dist-'),
    ELECTRON_GET_NO_PROGRESS: '1',
    ...overrides,
  };
}

function runInstall(env: Record<string, string>) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [SCRIPT], { cwd: ROOT, env }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

const lines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');

/** A port on 127.0.0.1 that nothing listens on: connections are refused at once. */
async function closedPort() {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A mirror that records what is asked of it and has nothing. */
async function recordingMirror() {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(request.url ?? '');
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => new Promise((resolve) => server.close(resolve)));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, requests };
}

describe('postinstall: installing the Electron binary', () => {
  it('is the package.json postinstall step', async () => {
    const manifest = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8'));
    expect(manifest.scripts.postinstall).toBe('node scripts/install-electron.mjs');
  });

  it('with the download host unreachable, says so in one line naming `npm run preview`, and exits 0', async () => {
    const result = await runInstall(await installEnv({ ELECTRON_MIRROR: `http://127.0.0.1:${await closedPort()}/` }));

    expect(result.code).toBe(0);
    expect(lines(result.stdout)).toHaveLength(1);
    // The cause is the installer's own error (fetch failed on the refused connection), not a guess.
    expect(result.stdout).toMatch(/^Reverie: could not download the Electron binary \(TypeError: fetch failed\)\./);
    expect(result.stdout).toContain('`npm run preview`');
    expect(result.stdout).toContain('`npx install-electron`');
    // No stack trace anywhere.
    expect(result.stderr).toBe('');
    expect(result.stdout).not.toMatch(/^\s+at /m);
  });

  it('asks the mirror for this Electron version, and a mirror without it is one line too', async () => {
    const mirror = await recordingMirror();
    const result = await runInstall(await installEnv({ ELECTRON_MIRROR: mirror.url }));
    const { version } = JSON.parse(await readFile(path.join(ROOT, 'node_modules/electron/package.json'), 'utf8'));

    expect(mirror.requests).toEqual([`/v${version}/electron-v${version}-${process.platform}-${process.arch}.zip`]);
    expect(result.code).toBe(0);
    expect(lines(result.stdout)).toEqual([expect.stringMatching(/^Reverie: could not download the Electron binary \(HTTPError: Response code 404/)]);
    expect(result.stderr).toBe('');
  });

  it('honours ELECTRON_SKIP_BINARY_DOWNLOAD: asks nothing of the network and says how to get the binary later', async () => {
    const mirror = await recordingMirror();
    const result = await runInstall(await installEnv({ ELECTRON_MIRROR: mirror.url, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }));

    expect(result.code).toBe(0);
    expect(mirror.requests).toEqual([]);
    expect(lines(result.stdout)).toEqual([expect.stringContaining('ELECTRON_SKIP_BINARY_DOWNLOAD is set')]);
    expect(result.stdout).toContain('`npm run preview`');
  });
});
