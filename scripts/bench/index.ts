// `npm run bench [-- --json] [--images N]`: Reverie's own costs, each next to the bare cost of the
// same work measured in the same run. A report, not a test: nothing here passes or fails.
import { parseArgs } from 'node:util';
import { benchIngest } from './ingest';

const { values } = parseArgs({
  options: { json: { type: 'boolean', default: false }, images: { type: 'string', default: '40' } },
});
const images = Number(values.images);
if (!Number.isInteger(images) || images < 1) throw new Error('--images takes a whole number ≥ 1');

const ingest = await benchIngest(images);
const report = { node: process.version, cpus: (await import('node:os')).cpus().length, ingest };

if (values.json) {
  console.log(JSON.stringify(report));
} else {
  console.log(`Reverie benchmark (Node ${report.node}, ${report.cpus} cores)\n`);
  console.log(`Generation ingest, ${ingest.images} PNGs of ~${(ingest.meanImageBytes / 2 ** 20).toFixed(1)} MB (response on disk → thumbnail and row in the library):`);
  console.log(`  app        p50 ${ingest.appMsPerImageP50} ms   p95 ${ingest.appMsPerImageP95} ms per image`);
  console.log(`  bare sharp p50 ${ingest.rawThumbMsPerImageP50} ms   p95 ${ingest.rawThumbMsPerImageP95} ms per image (decode + thumbnail only)`);
  console.log(`  overhead   ${ingest.overheadRatio}× the bare cost (goal ≤ 1.3×); RSS grew ${ingest.rssGrowthMb} MB`);
}
