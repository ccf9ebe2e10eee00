// One life of the crash loop (tests/crash-loop/crash-loop.ts): a whole studio on the given data
// folder against the fake API, generating (link and base64 delivery), exporting and moving the
// library without pause, until the parent kills it with SIGKILL. It prints one JSON line per
// milestone on stdout for the parent; it never stops by itself.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { ASPECT_RATIOS, ExportOptions, LibraryPageInput, type Job } from '../../electron/shared/domain';
import { FAKE_VALID_KEY } from '../fake-aiml/server';
import { hostStudio } from '../unit/support/studio-host';
import { randomSource } from './random';

export interface ChildConfig {
  dataDir: string;
  apiBaseUrl: string;
  /** Where exports and moved libraries go. */
  workDir: string;
  /** Which life this is: prompts carry it, so every POST names the job that sent it. */
  life: number;
  seed: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;
const random = randomSource(config.seed);
const say = (event: string, details: Record<string, unknown> = {}) => process.stdout.write(`${JSON.stringify({ event, ...details })}\n`);

say('opening');
const h = await hostStudio({ apiBaseUrl: config.apiBaseUrl, dataDir: config.dataDir });
const { handlers } = h.studio;
// Tells the parent the moment a job starts filing its image, so some kills can aim at that window.
const record = h.events.push.bind(h.events);
h.events.push = (...added) => {
  for (const { event, payload } of added) if (event === 'queue:job-updated' && (payload as Job).state === 'saving') say('saving');
  // Only the newest events matter here; the list would otherwise grow for the whole life.
  if (h.events.length > 1000) h.events.splice(0, 500);
  return record(...added);
};
const location = await handlers['library:location'](undefined);
const root = location.ok ? location.value.path : null;
const notices = await handlers['notices:list'](undefined);

/** A second connection, as another program would open it: the whole file checked after the previous life's kill and this start. */
function integrity(): string {
  if (root === null) return 'no library location';
  const db = new DatabaseSync(join(root, 'library.sqlite'), { readOnly: true });
  try {
    const rows = db.prepare('PRAGMA integrity_check').all();
    return rows.map((row) => String(row.integrity_check)).join('; ');
  } finally {
    db.close();
  }
}

say('ready', { root, notices: notices.ok ? notices.value.map((notice) => `${notice.title}: ${notice.message}`) : [], integrity: integrity() });
await handlers['key:save']({ key: FAKE_VALID_KEY, sessionOnly: false });
// Jobs that were waiting when the last life ended were never sent: sending them now is allowed.
await handlers['queue:resume'](undefined);

const ACTIVE = new Set<Job['state']>(['queued', 'retry-wait', 'sending', 'downloading', 'saving']);
let sent = 0;
let exports = 0;
let moves = 0;

async function enqueue(): Promise<void> {
  const snapshot = await handlers['queue:list'](undefined);
  if (snapshot.ok && snapshot.value.jobs.filter((job) => ACTIVE.has(job.state)).length >= 6) return;
  sent += 1;
  const delivery = random.next() < 0.5 ? 'base64' : 'url';
  const aspectRatio = random.pick(ASPECT_RATIOS);
  // One job per prompt, so each POST the fake records names exactly one job.
  await handlers['generate:enqueue']({
    model: 'reve/create-image',
    sources: [],
    prompt: `crash loop life ${config.life} job ${sent}`,
    aspectRatios: [aspectRatio],
    count: 1,
    delivery,
    outputFormat: null,
  });
}

async function exportSome(): Promise<void> {
  const page = await handlers['library:list'](LibraryPageInput.parse({ limit: 20 }));
  if (!page.ok || page.value.items.length === 0) return;
  const ids = page.value.items.filter(() => random.next() < 0.5).map((item) => item.id);
  if (ids.length === 0) return;
  exports += 1;
  const destination = join(config.workDir, `export-${config.life}-${exports}`);
  await mkdir(destination, { recursive: true });
  h.folderAnswers.push(destination);
  const options = ExportOptions.parse({ format: random.pick(['original', 'png', 'jpeg'] as const), zip: random.next() < 0.3, manifest: true });
  await handlers['export:start']({ selection: { ids }, options });
}

/** Resolves once nothing is on its way in: the queue is paused while a folder is being picked, so it drains. */
async function drained(answer: string): Promise<string> {
  for (let poll = 0; poll < 200; poll += 1) {
    const snapshot = await handlers['queue:list'](undefined);
    if (snapshot.ok && !snapshot.value.jobs.some((job) => job.state === 'sending' || job.state === 'downloading' || job.state === 'saving')) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return answer;
}

async function move(): Promise<void> {
  moves += 1;
  const target = join(config.workDir, `move-${config.life}-${moves}`);
  await mkdir(target, { recursive: true });
  h.folderAnswers.push(drained(target));
  const moved = await handlers['library:move'](undefined);
  say('move', moved.ok ? { to: moved.value.path } : { refused: moved.error.message });
}

for (;;) {
  const roll = random.next();
  if (roll < 0.65) await enqueue();
  else if (roll < 0.85) await exportSome();
  else if (roll < 0.92) await move();
  await new Promise((resolve) => setTimeout(resolve, random.int(5, 60)));
}
