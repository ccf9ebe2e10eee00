import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Emit } from '../../../shared/contract';
import type { ExportOptions, LibraryItem } from '../../../shared/domain';
import { exportImages, type ExportDeps } from './exporter';

interface RunningExport {
  controller: AbortController;
  destination: string;
  /** What "Show in folder" points at: the archive once written, else the folder. */
  reveal: string;
  done: Promise<void>;
}

/**
 * Exports run in the background: the IPC call answers with an id at once, progress and the summary
 * follow as events, and the renderer can cancel or reveal the result by that id. Paths stay here.
 */
export function createExportJobs(deps: ExportDeps & { emit: Emit }) {
  const exports = new Map<string, RunningExport>();

  return {
    start(items: LibraryItem[], options: ExportOptions, destination: string): string {
      const exportId = randomUUID();
      const controller = new AbortController();
      const running: RunningExport = { controller, destination, reveal: destination, done: Promise.resolve() };
      running.done = exportImages(items, options, destination, deps, {
        signal: controller.signal,
        onProgress: (done, total) => deps.emit('export:progress', { exportId, done, total }),
      })
        .then((summary) => {
          if (summary.archive) running.reveal = join(destination, summary.archive);
          deps.emit('export:finished', { exportId, summary, destination });
        })
        .catch((error: unknown) => {
          // A bug, not an expected failure (those are in the summary): still end the export visibly.
          console.error('export failed unexpectedly', error);
          deps.emit('export:finished', {
            exportId,
            destination,
            summary: {
              written: [],
              images: 0,
              skipped: [],
              failed: items.map((item) => ({ id: item.id, prompt: item.prompt, reason: 'The export stopped unexpectedly.' })),
              archive: null,
              cancelled: false,
            },
          });
        });
      exports.set(exportId, running);
      return exportId;
    },

    cancel(exportId: string): boolean {
      const running = exports.get(exportId);
      running?.controller.abort();
      return running !== undefined;
    },

    /** Where an export's result is, for "Show in folder"; null for an id this session did not start. */
    revealTarget(exportId: string): string | null {
      return exports.get(exportId)?.reveal ?? null;
    },

    /** Stops every running export and waits for each to clean up after itself. */
    async close(): Promise<void> {
      for (const running of exports.values()) running.controller.abort();
      await Promise.all([...exports.values()].map((running) => running.done));
    },
  };
}
