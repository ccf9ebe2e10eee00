import { spawn } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * What `npm run preview` runs once it has built: the package.json script after its build step.
 * Read from package.json so the test follows the command if it changes; the build is left out
 * because the suite runs on a fresh build already (npm test builds first) and rebuilding `out/`
 * under the other tests would pull their bundle away mid-run.
 */
export function previewCommand(): { build: string; run: string[] } {
  const script = (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts.preview;
  const [build, run, ...rest] = (script ?? '').split(' && ');
  if (!build || !run || rest.length > 0 || /["'$;|&<>]/.test(run)) {
    throw new Error(`package.json "preview" is not "<build> && <plain command>" any more: ${script}`);
  }
  return { build, run: run.split(/\s+/) };
}

/** Whether an executable of that name is on PATH (Linux tools such as xvfb-run). */
export function onPath(tool: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, tool), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export interface PreviewProcess {
  /** Everything it printed so far, stdout and stderr, for failure messages. */
  output(): string;
  /** The first printed line matching `pattern`; rejects if the process ends before printing one. */
  waitForLine(pattern: RegExp): Promise<RegExpMatchArray>;
  /** Its exit code (or the signal that ended it) once it has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Ctrl+C to the preview itself (not xvfb-run, which then cleans up its display and exits). */
  interrupt(): Promise<void>;
  /** After a failed test: stops the preview if it is still running, and waits for the end. */
  stop(): Promise<void>;
}

/** Starts the preview under `xvfb-run -a` (a virtual display of its own) with the project's tools on PATH, as npm would. */
export function startPreview(env: Record<string, string | undefined>): PreviewProcess {
  const { run } = previewCommand();
  const path = `${ROOT}node_modules/.bin:${process.env.PATH ?? ''}`;
  const child = spawn('xvfb-run', ['-a', ...run], { cwd: ROOT, env: { ...process.env, PATH: path, ...env }, stdio: 'pipe' });
  let text = '';
  let closed = false;
  const waiters = new Set<() => void>();
  const wakeAll = () => {
    for (const wake of waiters) wake();
  };
  const onData = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    wakeAll();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('error', (error) => {
      text += `could not start xvfb-run: ${error.message}\n`;
      closed = true;
      resolve({ code: null, signal: null });
      wakeAll();
    });
    child.on('close', (code, signal) => {
      closed = true;
      resolve({ code, signal });
      wakeAll();
    });
  });

  function waitForLine(pattern: RegExp): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = text
          .split('\n')
          .map((line) => line.match(pattern))
          .find((found) => found !== null);
        if (match) {
          waiters.delete(check);
          resolve(match);
        } else if (closed) {
          waiters.delete(check);
          reject(new Error(`The preview ended before printing ${pattern}. It printed:\n${text}`));
        }
      };
      waiters.add(check);
      check();
    });
  }

  // The preview says its process id first thing; signals go to it, not to xvfb-run, which would
  // die without its own clean-up and leave the display and the preview running.
  const interrupt = async () => {
    const [, pid] = await waitForLine(/^preview: starting \(process (\d+)\)/);
    process.kill(Number(pid), 'SIGINT');
  };

  return {
    output: () => text,
    waitForLine,
    exited,
    interrupt,
    async stop() {
      if (closed) return;
      await interrupt().catch(() => undefined); // it may have ended meanwhile, or never started
      await exited;
    },
  };
}
