import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * The GitHub Actions workflow cannot run on these machines, so this reads it and walks each job's
 * steps as GitHub would on each OS of its matrix: a step runs on an OS when its `if:` holds there.
 */

const WORKFLOW = path.resolve(import.meta.dirname, '../../.github/workflows/ci.yml');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string | number | boolean>;
}
interface Job {
  'runs-on': string;
  strategy?: { matrix?: { os?: string[] } };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, Job>;
}

type RunnerOs = 'Linux' | 'macOS' | 'Windows';

/** GitHub's `runner.os` for a hosted runner label (docs: "Variables reference", runner context). */
function runnerOs(label: string): RunnerOs {
  if (label.startsWith('ubuntu-')) return 'Linux';
  if (label.startsWith('macos-')) return 'macOS';
  if (label.startsWith('windows-')) return 'Windows';
  throw new Error(`unknown runner label ${label}`);
}

/**
 * The `if:` forms this workflow uses. Anything else throws, so a new condition cannot slip past the
 * walk below as "always true".
 */
function runsOn(step: Step, os: RunnerOs): boolean {
  const condition = step.if?.trim();
  if (condition === undefined) return true;
  if (condition === 'failure()') return false; // the walk follows a passing run
  const match = /^runner\.os (==|!=) '(Linux|macOS|Windows)'$/.exec(condition);
  if (!match) throw new Error(`unexpected step condition: ${condition}`);
  return match[1] === '==' ? os === match[2] : os !== match[2];
}

/** The steps a job runs on one OS, in order, with their index for ordering checks. */
const stepsOn = (job: Job, os: RunnerOs) => job.steps.filter((step) => runsOn(step, os));

const indexOf = (steps: Step[], test: (step: Step) => boolean, what: string): number => {
  const matches = steps.flatMap((step, index) => (test(step) ? [index] : []));
  if (matches.length !== 1) throw new Error(`expected exactly one step that ${what}, found ${matches.length}`);
  return matches[0]!;
};

const runs = (pattern: RegExp) => (step: Step) => pattern.test(step.run ?? '');
const uses = (action: string) => (step: Step) => (step.uses ?? '').split('@')[0] === action;

const ALL_OS: RunnerOs[] = ['Linux', 'macOS', 'Windows'];

describe('CI workflow (.github/workflows/ci.yml)', () => {
  let workflow: Workflow;
  beforeAll(async () => {
    workflow = parse(await readFile(WORKFLOW, 'utf8')) as Workflow;
  });

  it('runs on pushes and pull requests', () => {
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
  });

  it('has a test job and a package job, each on ubuntu, macOS and Windows', () => {
    expect(Object.keys(workflow.jobs).sort()).toEqual(['package', 'test']);
    for (const job of Object.values(workflow.jobs)) {
      expect(job['runs-on']).toBe('${{ matrix.os }}');
      expect((job.strategy?.matrix?.os ?? []).map(runnerOs).sort()).toEqual([...ALL_OS].sort());
    }
  });

  it.each(['test', 'package'])('%s: checks out and sets up Node 24 before installing with npm ci', (name) => {
    const job = workflow.jobs[name]!;
    for (const os of ALL_OS) {
      const steps = stepsOn(job, os);
      const checkout = indexOf(steps, uses('actions/checkout'), 'checks out');
      const node = indexOf(steps, uses('actions/setup-node'), 'sets up Node');
      expect(String(steps[node]!.with?.['node-version'])).toBe('24');
      const install = indexOf(steps, runs(/^npm ci\b/), 'runs npm ci');
      expect(checkout).toBeLessThan(node);
      expect(node).toBeLessThan(install);
      // npm ci must be free to fetch Electron: nothing may skip the binary download.
      expect(JSON.stringify(job)).not.toContain('ELECTRON_SKIP_BINARY_DOWNLOAD');
    }
  });

  it.each(ALL_OS)('test on %s: Electron binary, build, lint, unit suites, e2e, then the _electron suite that requires the binary', (os) => {
    const steps = stepsOn(workflow.jobs.test!, os);
    const install = indexOf(steps, runs(/^npm ci\b/), 'runs npm ci');
    // The electron package's own installer exits non-zero when the download fails.
    const binary = indexOf(steps, runs(/^npx install-electron$/), 'installs the Electron binary');
    const build = indexOf(steps, runs(/^npm run build$/), 'builds');
    const lint = indexOf(steps, runs(/^npm run lint$/), 'lints');
    const unit = indexOf(steps, runs(/\bnpx vitest run$/), 'runs the vitest suites');
    const browser = indexOf(steps, runs(/^npx playwright install --with-deps chromium$/), 'installs Chromium');
    const e2e = indexOf(steps, runs(/^npm run test:e2e$/), 'runs the e2e suite');
    const electron = indexOf(steps, runs(/\bnpm run test:electron$/), 'runs the _electron suite');
    expect([install, binary, build, lint, unit, browser, e2e, electron]).toEqual(
      [install, binary, build, lint, unit, browser, e2e, electron].sort((a, b) => a - b),
    );
    expect(steps[electron]!.env?.REVERIE_REQUIRE_ELECTRON).toBe('1');

    const electronRun = steps[electron]!.run!;
    const unitRun = steps[unit]!.run!;
    if (os === 'Linux') {
      // A virtual display for Electron, and the throwaway Secret Service for keytar.
      expect(electronRun).toMatch(/^xvfb-run -a bash scripts\/with-keyring\.sh npm run test:electron$/);
      expect(unitRun).toBe('bash scripts/with-keyring.sh npx vitest run');
      const packages = indexOf(steps, runs(/^sudo apt-get update && sudo apt-get install -y /), 'installs Linux packages');
      expect(steps[packages]!.run!.split(' ')).toEqual(expect.arrayContaining(['gnome-keyring', 'dbus-x11', 'xvfb', 'libsecret-1-dev']));
      const userns = indexOf(steps, runs(/^sudo sysctl -w kernel\.apparmor_restrict_unprivileged_userns=0$/), 'allows the sandbox');
      expect(packages).toBeLessThan(install);
      expect(userns).toBeLessThan(electron);
    } else {
      expect(electronRun).toBe('npm run test:electron');
      expect(unitRun).toBe('npx vitest run');
      expect(steps.some(runs(/xvfb-run|with-keyring|apt-get|sysctl/))).toBe(false);
    }
  });

  it.each(ALL_OS)('package on %s: builds unsigned installers and uploads them', (os) => {
    const steps = stepsOn(workflow.jobs.package!, os);
    const install = indexOf(steps, runs(/^npm ci\b/), 'runs npm ci');
    const pack = indexOf(steps, runs(/^npm run package\b/), 'packages');
    const upload = indexOf(steps, uses('actions/upload-artifact'), 'uploads the installers');
    expect(install).toBeLessThan(pack);
    expect(pack).toBeLessThan(upload);

    expect(steps[pack]!.env?.CSC_IDENTITY_AUTO_DISCOVERY).toBe('false');
    // Without --publish, electron-builder 26 publishes implicitly when it detects CI (onTagOrDraft) or a
    // git tag (app-builder-lib PublishManager); CI builds artifacts only.
    expect(steps[pack]!.run).toMatch(/--publish never$/);

    const uploaded = steps[upload]!.with!;
    expect(uploaded['if-no-files-found']).toBe('error');
    const paths = String(uploaded.path).trim().split('\n');
    // The targets electron-builder.yml names: dmg + zip (mac), nsis .exe (win), AppImage + deb (linux).
    expect(paths).toEqual(expect.arrayContaining(['dist/*.dmg', 'dist/*.zip', 'dist/*.exe', 'dist/*.AppImage', 'dist/*.deb']));
  });
});
