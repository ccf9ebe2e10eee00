import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Job } from '../../electron/shared/domain';
import { startFakeAiml } from '../fake-aiml/server';
import { hostStudio } from '../unit/support/studio-host';
import type { ChildConfig } from './child';
import { randomSource, type RandomSource } from './random';
import { verifyLibrary, type Verdict } from './verify';
import { messageOf } from '../../electron/shared/errors';

/**
 * The crash loop: a studio in a child process works without pause (generating with link and base64
 * delivery, exporting, moving the library) against the fake API, which runs here and so outlives
 * every kill; the child is killed with SIGKILL at a seeded random point, started again on the same
 * data folder, killed again, and so on. Then the folder is opened once more here and every POST the
 * fake answered is accounted for (verify.ts).
 */

export interface CrashLoopOptions {
  kills: number;
  seed: number;
  log: (line: string) => void;
  /** Leaves the data folder in place when something was lost, so it can be examined (the soak script does). */
  keepFailedFolder?: boolean;
}

export interface CrashLoopFigures extends Verdict {
  seed: number;
  kills: number;
  /** How the kills were aimed: while opening (filing what the last kill left), at a random time, or just after a job began filing its image. */
  plans: Record<KillPlan['kind'], number>;
  /** Paid images the studio said it recovered at its starts ("N paid images were recovered"). */
  recoveredAtStart: number;
  /** Jobs that kept their link and were fetched with Download again at the end, without a new POST. */
  downloadedAgain: number;
  /** Why Download again did not bring an image back (the fake's CDN keeps only its newest 200 files, as real links expire). */
  downloadAgainFailures: string[];
  /** Moves of the library that completed. */
  moves: number;
  /** Integrity checks run at each start (by a second connection) and how many did not say "ok". */
  integrityChecks: number;
  integrityFailures: string[];
  /** A life that ended before it was killed (a crash of its own), with what it wrote on stderr. */
  childFailures: string[];
}

const here = dirname(fileURLToPath(import.meta.url));
const CHILD_SOURCE = join(here, 'child.ts');
const TERMINAL = new Set<Job['state']>(['done', 'failed', 'cancelled', 'refused', 'interrupted']);

/**
 * How the child is started: bundled once by esbuild (which tsx itself runs on) into one file, since
 * transforming ~100 modules at each of hundreds of starts would dominate the run; through tsx when
 * esbuild cannot be loaded.
 */
async function childCommand(log: (line: string) => void): Promise<{ args: string[]; cleanup: () => Promise<void> }> {
  // Inside the repository (.tmp/ is ignored), so the bundle's package imports resolve to node_modules.
  await mkdir(join(here, '..', '..', '.tmp'), { recursive: true });
  const outDir = await mkdtemp(join(here, '..', '..', '.tmp', 'crash-loop-'));
  try {
    const esbuild = await import('esbuild');
    const outfile = join(outDir, 'child.mjs');
    await esbuild.build({
      entryPoints: [CHILD_SOURCE],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      packages: 'external',
      outfile,
      logLevel: 'warning',
    });
    return { args: [outfile], cleanup: () => rm(outDir, { recursive: true, force: true }) };
  } catch (error) {
    log(`crash loop: esbuild could not bundle the child (${messageOf(error)}); starting it through tsx instead, which is slower.`);
    await rm(outDir, { recursive: true, force: true });
    return { args: ['--import', 'tsx', CHILD_SOURCE], cleanup: async () => undefined };
  }
}

interface Life {
  child: ChildProcess;
  /** Resolves with each milestone the child printed, in order; null once it has exited. */
  next(): Promise<Record<string, unknown> | null>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
}

function startLife(args: string[], config: ChildConfig): Life {
  const child = spawn(process.execPath, [...args, JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Array<Record<string, unknown> | null> = [];
  const waiting: Array<(line: Record<string, unknown> | null) => void> = [];
  const push = (line: Record<string, unknown> | null) => {
    const waiter = waiting.shift();
    if (waiter) waiter(line);
    else lines.push(line);
  };
  createInterface({ input: child.stdout! }).on('line', (text) => {
    try {
      push(JSON.parse(text) as Record<string, unknown>);
    } catch {
      // Not a milestone (a stray log line): ignored.
    }
  });
  let err = '';
  child.stderr!.on('data', (chunk: Buffer) => (err = (err + chunk.toString()).slice(-4000)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      push(null);
      resolve({ code, signal });
    }),
  );
  return {
    child,
    exited,
    stderr: () => err,
    next: () => (lines.length > 0 ? Promise.resolve(lines.shift() ?? null) : new Promise((resolve) => waiting.push(resolve))),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type KillPlan = { kind: 'opening' | 'timed'; delayMs: number } | { kind: 'filing'; nth: number; delayMs: number };

/** Past this, a kill aimed at filing is made anyway: every life must end by a kill. */
const FILING_FALLBACK_MS = 5000;

/**
 * Where the next kill lands: a fifth while the studio opens (and files what the last kill left),
 * two fifths at a random time, two fifths just after the n-th job began filing its image, where
 * the receipt, store, sidecar and row are written.
 */
function planKill(random: RandomSource): KillPlan {
  const roll = random.next();
  if (roll < 0.2) return { kind: 'opening', delayMs: random.int(0, 250) };
  if (roll < 0.6) return { kind: 'timed', delayMs: random.int(200, 2500) };
  return { kind: 'filing', nth: random.int(1, 3), delayMs: random.int(0, 40) };
}

function recoveredIn(notices: unknown): number {
  if (!Array.isArray(notices)) return 0;
  let count = 0;
  for (const notice of notices) count += Number(/(\d+) paid images? (?:was|were) recovered/.exec(String(notice))?.[1] ?? 0);
  return count;
}

export async function runCrashLoop(options: CrashLoopOptions): Promise<CrashLoopFigures> {
  const { log } = options;
  const random = randomSource(options.seed);
  const fake = await startFakeAiml();
  const dataDir = await mkdtemp(join(tmpdir(), 'reverie-crash-loop-'));
  const workDir = join(dataDir, 'outside');
  await mkdir(workDir, { recursive: true });
  const command = await childCommand(log);
  let keepForInspection = false;
  const figures = {
    plans: { opening: 0, timed: 0, filing: 0 },
    recoveredAtStart: 0,
    moves: 0,
    integrityChecks: 0,
    integrityFailures: [] as string[],
    childFailures: [] as string[],
  };
  try {
    for (let life = 1; life <= options.kills; life += 1) {
      const current = startLife(command.args, { dataDir, apiBaseUrl: fake.baseUrl, workDir, life, seed: random.int(1, 2 ** 31) });
      const plan = planKill(random);
      let killAt: Promise<unknown> | null = null;
      let killed = false;
      // On Windows kill() terminates the process outright whatever the signal, and may report it differently: what counts is that the kill came from here.
      // The kill's promise is kept in killAt and awaited after the life ends.
      const killAfter = (ms: number) => {
        killAt ??= sleep(ms).then(() => (killed = current.child.kill('SIGKILL')));
      };
      let savings = 0;
      for (;;) {
        const line = await current.next();
        if (line === null) break;
        if (line.event === 'opening' && plan.kind === 'opening') killAfter(plan.delayMs);
        if (line.event === 'ready') {
          figures.integrityChecks += 1;
          if (line.integrity !== 'ok') figures.integrityFailures.push(`life ${life}: ${String(line.integrity)}`);
          figures.recoveredAtStart += recoveredIn(line.notices);
          // Aimed kills fall back to a timed one when no image gets that far.
          if (plan.kind === 'timed') killAfter(plan.delayMs);
          else if (plan.kind === 'filing') void sleep(FILING_FALLBACK_MS).then(() => killAfter(0));
        }
        if (line.event === 'saving' && plan.kind === 'filing' && (savings += 1) === plan.nth) killAfter(plan.delayMs);
        if (line.event === 'move' && typeof line.to === 'string') figures.moves += 1;
      }
      const { code } = await current.exited;
      await killAt;
      if (!killed) figures.childFailures.push(`life ${life} ended on its own (code ${code}): ${current.stderr().slice(-1500)}`);
      else figures.plans[plan.kind] += 1;
      if (life % 10 === 0 || life === options.kills) log(`crash loop: ${life}/${options.kills} kills, ${fake.requests.length} POSTs so far`);
    }
    const { recoveredAtLastStart, ...final } = await finalCheck(dataDir, fake);
    const result = { seed: options.seed, kills: options.kills, ...figures, ...final, recoveredAtStart: figures.recoveredAtStart + recoveredAtLastStart };
    keepForInspection = options.keepFailedFolder === true && result.lost.length + result.orphans.length + result.missingFiles.length > 0;
    if (keepForInspection) log(`crash loop: the data folder is kept for inspection at ${dataDir}`);
    return result;
  } finally {
    await command.cleanup();
    await fake.close();
    if (!keepForInspection) await rm(dataDir, { recursive: true, force: true });
  }
}

/** Opens the folder once more (as the next launch would), fetches again what kept its link, and accounts for every POST. */
async function finalCheck(
  dataDir: string,
  fake: Awaited<ReturnType<typeof startFakeAiml>>,
): Promise<Verdict & { downloadedAgain: number; downloadAgainFailures: string[]; recoveredAtLastStart: number }> {
  const hosted = await hostStudio({ apiBaseUrl: fake.baseUrl, dataDir });
  try {
    const { handlers } = hosted.studio;
    const notices = await handlers['notices:list'](undefined);
    const recoveredAtLastStart = recoveredIn(notices.ok ? notices.value.map((notice) => notice.message) : []);
    const listJobs = async () => {
      const snapshot = await handlers['queue:list'](undefined);
      if (!snapshot.ok) throw new Error(snapshot.error.message);
      return snapshot.value.jobs;
    };
    const postsBefore = fake.requests.length;
    let downloadedAgain = 0;
    const downloadAgainFailures: string[] = [];
    for (const job of await listJobs()) {
      if (job.sourceUrl === null || job.state === 'done' || !TERMINAL.has(job.state)) continue;
      if (!(await handlers['queue:download-again']({ jobId: job.id })).ok) continue;
      for (let poll = 0; poll < 3000; poll += 1) {
        const now = (await listJobs()).find((each) => each.id === job.id);
        if (!now || TERMINAL.has(now.state)) {
          if (now?.state === 'done') downloadedAgain += 1;
          else downloadAgainFailures.push(`${job.params.prompt}: ${now ? `${now.state}, ${now.error?.message ?? 'no error'}` : 'gone'}`);
          break;
        }
        await sleep(10);
      }
    }
    if (fake.requests.length !== postsBefore) throw new Error('Download again sent a POST');
    const location = await handlers['library:location'](undefined);
    if (!location.ok) throw new Error(location.error.message);
    const verdict = await verifyLibrary(hosted.studio, location.value.path, fake.requests, await listJobs());
    return { ...verdict, downloadedAgain, downloadAgainFailures, recoveredAtLastStart };
  } finally {
    await hosted.studio.close();
  }
}

export function describeFigures(figures: CrashLoopFigures): string {
  return [
    `crash loop (seed ${figures.seed}): ${figures.kills} kills (${figures.plans.opening} while opening, ${figures.plans.timed} at a random time, ${figures.plans.filing} while filing an image), ${figures.moves} library moves`,
    `  POSTs answered with an image: ${figures.answered.url + figures.answered.base64} (${figures.answered.url} link, ${figures.answered.base64} base64)`,
    `  images filed: ${figures.filed} (${figures.downloadedAgain} of them by Download again at the end, with no new POST)`,
    `  recovered at start: ${figures.recoveredAtStart} (without their prompt: ${figures.recoveredWithoutPrompt})`,
    `  kept their link, Download again: ${figures.needsDownloadAgain}${figures.downloadAgainFailures.length > 0 ? ` (e.g. ${figures.downloadAgainFailures.slice(0, 2).join('; ')})` : ''}; killed before the fake had answered: ${figures.unanswered}`,
    `  answered but killed before the app had the image on disk (job interrupted, may have been charged): ${figures.inTransit.url} link, ${figures.inTransit.base64} base64`,
    `  lost: ${figures.lost.length}, duplicate POSTs: ${figures.duplicates.length}, orphans: ${figures.orphans.length}, missing files: ${figures.missingFiles.length}`,
    `  integrity: ${figures.integrityChecks + 1} checks, ${figures.integrityFailures.length + (figures.integrity === 'ok' ? 0 : 1)} not ok; lives that crashed on their own: ${figures.childFailures.length}`,
  ].join('\n');
}
