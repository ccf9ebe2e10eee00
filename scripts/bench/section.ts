// One section of `npm run bench`, run by index.ts in a process of its own (runSection) and handing its
// report back over the IPC channel `fork` opens.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isEntryModule } from './entry';

/**
 * Each section's module is loaded only in the process that runs it. Loaded together, the scroll
 * section's modules (Playwright most of them) grow every section's JS heap from 13 to 52 MB, and
 * each major collection marks all of it: the ingest's batches measured 1.32–1.38× sharp alone with
 * them loaded against 1.24–1.31× without, in alternating runs on the same machine (docs/performance.md).
 */
const SECTIONS = {
  library: async (count: number) => (await import('./library')).benchLibrary(count),
  scale: async (count: number) => (await import('./library')).benchLibrary(count, { scale: true }),
  ingest: async (count: number) => (await import('./ingest')).benchIngest(count),
  export: async (count: number) => (await import('./export')).benchExport(count),
  scroll: async (count: number) => (await import('./scroll')).benchScroll(count),
};

type Sections = typeof SECTIONS;
export type SectionName = keyof Sections;
type ReportOf<Name extends SectionName> = Awaited<ReturnType<Sections[Name]>>;

/**
 * Runs a section in a fresh process and resolves with its report. Each figure is measured as if alone:
 * nothing a section before it left in the process (a heap grown by a million rows or 500 exports,
 * libvips' threads and buffers, pending collections) is there to compete with it for the cores. The
 * child's stdout goes to this process's stderr, so `--json` prints only the report.
 */
export function runSection<Name extends SectionName>(name: Name, count: number): Promise<ReportOf<Name>> {
  return new Promise((resolve, reject) => {
    // `fork` runs the child with this process's Node flags, tsx's loader among them.
    const child = fork(fileURLToPath(import.meta.url), [name, String(count)], { stdio: ['ignore', 2, 'inherit', 'ipc'] });
    let report: ReportOf<Name> | undefined;
    child.on('message', (message) => {
      report = message as ReportOf<Name>;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0 && report !== undefined) resolve(report);
      else reject(new Error(`The bench's ${name} section failed (${signal ?? `exit code ${code}`}); its output is above.`));
    });
  });
}

const isSectionName = (name: string | undefined): name is SectionName => name !== undefined && Object.hasOwn(SECTIONS, name);

// The child's side: run the section named on the command line, send its report, and exit.
if (isEntryModule(import.meta.url) && process.send) {
  const [name, count] = process.argv.slice(2);
  if (!isSectionName(name)) throw new Error(`No bench section called ${JSON.stringify(name)}.`);
  const report = await SECTIONS[name](Number(count));
  await new Promise<void>((resolve, reject) => process.send!(report, (error: Error | null) => (error ? reject(error) : resolve())));
  // Whatever a section left running (a pool's idle threads, a timer) must not keep the bench waiting.
  process.exit(0);
}
