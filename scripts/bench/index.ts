// `npm run bench [-- --json] [--items N] [--scale N] [--images N]`: Reverie's own costs, each next to the bare
// cost of the same work measured in the same run. A report, not a test: nothing here passes or fails.
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { runSection } from './section';
import { settleDisk } from './settle-disk';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    items: { type: 'string', default: '100000' },
    // The same library measures at a size a person reaches after years; 0 leaves them out.
    scale: { type: 'string', default: '1000000' },
    images: { type: 'string', default: '200' },
    exports: { type: 'string', default: '500' },
  },
});
const whole = (name: string, value: string | undefined) => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new Error(`--${name} takes a whole number ≥ 1`);
  return number;
};

// Each section in a process of its own (section.ts says why), after the disk has settled from the one before.
const library = await runSection('library', whole('items', values.items));
await settleDisk();
const scaleItems = values.scale === '0' ? 0 : whole('scale', values.scale);
const scale = scaleItems === 0 ? null : await runSection('scale', scaleItems);
await settleDisk();
const ingest = await runSection('ingest', whole('images', values.images));
await settleDisk();
const exported = await runSection('export', whole('exports', values.exports));
await settleDisk();
const scroll = await runSection('scroll', whole('items', values.items));
const report = {
  ...library,
  scale,
  ingestMsPerImage: ingest.appMsPerImageP50,
  rawThumbMsPerImage: ingest.rawThumbMsPerImageP50,
  ingest,
  exportMs: exported.exportMs,
  rawExportMs: exported.rawExportMs,
  export: exported,
  scrollWorstLongTaskMs: scroll.scrollWorstLongTaskMs,
  scrollLongTasks: scroll.scrollLongTasks,
  scrollHeapMb: scroll.scrollHeapMb,
  scroll,
  node: process.version,
  cpus: cpus().length,
};

if (values.json) {
  console.log(JSON.stringify(report));
} else {
  const ratio = (app: number, raw: number) => `${(app / raw).toFixed(2)}×`;
  console.log(`Reverie benchmark (Node ${report.node}, ${report.cpus} cores)\n`);
  for (const each of scale === null ? [library] : [library, scale]) {
    console.log(
      `Library of ${each.items.toLocaleString('en')} items (${each.dbBytesPerItem} bytes a row on disk; seeded in ${(each.seedMs / 1000).toFixed(1)} s):`,
    );
    console.log(
      `  open + first page  ${each.openFirstPageMs} ms  (goal ≤ 100 ms; then, off the startup path, the integrity check in a worker: ${each.integrityCheckMs} ms, and the planner's statistics: ${each.plannerStatsMs} ms)`,
    );
    console.log(
      `  search             p50 ${each.searchP50Ms} ms, p95 ${each.searchP95Ms} ms  (bare FTS5 page of ids p95 ${each.engineSearchP95Ms} ms, ${ratio(each.searchP95Ms, each.engineSearchP95Ms)}; goal ≤ 3×; its page SQL bare p95 ${each.rawSearchP95Ms} ms)`,
    );
    console.log(`  next page          p95 ${each.pageP95Ms} ms  (its page SQL bare p95 ${each.rawPageP95Ms} ms; goal ≤ 10 ms)`);
    console.log(
      `  one insert         SQLite ${each.sqliteInsertMs} ms${each.jsonStoreInsertMs === null ? '' : `  vs  one JSON file of the same records ${each.jsonStoreInsertMs} ms`}`,
    );
  }
  console.log(
    `\nGeneration ingest, ${ingest.images} PNGs of ~${(ingest.meanImageBytes / 2 ** 20).toFixed(1)} MB (response on disk → receipt, thumbnail, sidecar and row in the library):`,
  );
  console.log(`  one at a time          app p50 ${ingest.appMsPerImageP50} ms, p95 ${ingest.appMsPerImageP95} ms per image`);
  console.log(
    `                         bare sharp p50 ${ingest.rawThumbMsPerImageP50} ms, p95 ${ingest.rawThumbMsPerImageP95} ms (decode + thumbnail only; ${ingest.sequentialOverheadRatio}×)`,
  );
  console.log(
    `  batches of ${ingest.batchSize}, ${ingest.batchConcurrency} at once  app p50 ${ingest.batchAppMsPerImageP50} ms, p95 ${ingest.batchAppMsPerImageP95} ms per image (${ingest.batches} batches)`,
  );
  console.log(`                         bare sharp p50 ${ingest.batchRawThumbMsPerImageP50} ms, p95 ${ingest.batchRawThumbMsPerImageP95} ms, run the same way`);
  console.log(
    `  overhead   ${ingest.overheadRatio}× the bare cost in batches (goal ≤ 1.3×); RSS grew ${ingest.rssGrowthMb} MB; JS heap ${ingest.heapMbAtBatches} MB as the batches started`,
  );
  console.log(
    `  all ${ingest.batchSize} in flight     app p50 ${ingest.allInFlightAppMsPerImageP50} ms vs bare sharp ${ingest.allInFlightRawThumbMsPerImageP50} ms per image (${ingest.allInFlightOverheadRatio}×; as the queue files a batch that arrives together)`,
  );
  console.log(`\nExport of ${exported.images} images to JPEG (q90, metadata embedded, manifest), ${exported.parallelism} at a time:`);
  console.log(`  app ${exported.exportMs} ms  vs  bare sharp ${exported.rawExportMs} ms  (${exported.overheadRatio}×; goal ≤ 1.3×)`);
  const probe =
    scroll.probeRecordedMs === null
      ? 'THE PROBE DID NOT RECORD A DELIBERATE 80 ms TASK: no figure below means anything'
      : `probe recorded a deliberate 80 ms task as ${scroll.probeRecordedMs} ms`;
  console.log(
    `\nGallery in Chromium, ${scroll.items.toLocaleString('en')} items: wheel ${scroll.scrolledByWheelPx} px, scrollbar to the bottom, Home, End (${probe}):`,
  );
  console.log(
    `  app    ${scroll.scrollLongTasks} long tasks, worst ${scroll.scrollWorstLongTaskMs} ms (goal ≤ 50 ms); JS heap after GC ${scroll.scrollHeapMb} MB; ${scroll.tilesInPage} tiles in the page`,
  );
  console.log(
    `  floor  ${scroll.floorLongTasks} long tasks, worst ${scroll.floorWorstLongTaskMs} ms; JS heap ${scroll.floorHeapMb} MB (a static page of ${scroll.floor.tiles} plain <img> tiles scrolled the same way)`,
  );
}
