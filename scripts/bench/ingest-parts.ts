// `npx tsx scripts/bench/ingest-parts.ts [--images N] [--rounds N] [--json]`: where the ingest's batch
// ratio (ingest.ts, issue #13's figure) comes from. Each part of the ingest path, cut off after a step,
// runs in the bench's batches against bare sharp in the same batches, so each step's share is the
// difference between two rows measured the same way. A report for the engineers working on ingest, not
// part of `npm run bench`: nothing here passes or fails.
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import type { ReceivedImage } from '../../electron/main/services/api/incoming-file';
import { fileReceipt } from '../../electron/main/services/queue/file-receipt';
import { BATCH_SIZE, measureBatches, openIngestFolder, type IngestFolder } from './ingest';
import { makeSampleImages } from './sample-images';
import { percentile, round } from './stats';

/** Each part is the one before it plus one step, in the order an ingest takes them. */
const PARTS: { name: string; what: string; run: (folder: IngestFolder, image: ReceivedImage) => Promise<unknown> }[] = [
  {
    name: 'decode',
    what: "the codec's work alone: size, thumbnail (WebP encoded) and placeholder from the bytes in memory",
    run: async ({ store }, image) => {
      if (!image.bytes) throw new Error('The bench keeps received bytes in memory.');
      return (await store.decode(image.bytes).decoded).webp;
    },
  },
  {
    name: 'seal',
    what: '+ the receipt sealed (record written, fsynced, folder renamed and fsynced) while the bytes decode',
    run: async (folder, image) => {
      const { decoding } = await folder.seal(image);
      if (!decoding) throw new Error('The bench keeps received bytes in memory.');
      return (await decoding.decoded).webp;
    },
  },
  {
    name: 'place',
    what: "+ the image's files placed: original linked, thumbnail written (each file and folder fsynced)",
    run: async (folder, image) => {
      const { receipt, decoding } = await folder.seal(image);
      const { place } = await folder.store.prepareFile(receipt.imagePath, receipt.record, decoding);
      await place();
    },
  },
  {
    name: 'file',
    what: '+ its sidecar and row: filed as the queue files it (fileReceipt)',
    run: async (folder, image) => {
      const { receipt, decoding } = await folder.seal(image);
      await fileReceipt(receipt, folder, decoding);
    },
  },
  {
    name: 'ingest',
    what: "+ the receipt removed: the bench's whole ingest (ingest.ts)",
    run: (folder, image) => folder.ingest(image),
  },
];

interface PartReport {
  name: string;
  what: string;
  /** Batch wall time per image, p50 over every batch of every round. */
  appMsPerImage: number;
  bareMsPerImage: number;
  /** appMsPerImage / bareMsPerImage, as ingest.ts computes its overheadRatio. */
  ratio: number;
  /** The same ratio in each round alone: how far apart runs of the same code land on this machine. */
  ratioByRound: number[];
}

/** One part in a fresh library folder, in the bench's batches (ingest.ts). */
async function measurePart(part: (typeof PARTS)[number], images: Uint8Array[], concurrency: number): Promise<{ app: number[]; bare: number[] }> {
  const folder = await openIngestFolder();
  try {
    return await measureBatches(folder, images, concurrency, (image) => part.run(folder, image));
  } finally {
    await folder.close();
  }
}

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    images: { type: 'string', default: '96' },
    rounds: { type: 'string', default: '2' },
  },
});
const count = Number(values.images);
const rounds = Number(values.rounds);
if (!Number.isInteger(count) || count < BATCH_SIZE) throw new Error(`--images takes a whole number ≥ ${BATCH_SIZE}`);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds takes a whole number ≥ 1');

// As ingest.ts: libvips caches operations by their inputs, and every decode reported must be paid for.
sharp.cache(false);
const concurrency = Math.min(BATCH_SIZE, cpus().length);
const images = await makeSampleImages(count);
// Warm-up, not reported: the first batches of a process pay for loading and optimizing code.
await measurePart(PARTS[PARTS.length - 1]!, images.slice(0, BATCH_SIZE * 2), concurrency);

const samples = new Map(PARTS.map((part) => [part.name, { app: [] as number[], bare: [] as number[], byRound: [] as number[] }]));
for (let round = 0; round < rounds; round += 1) {
  // Parts in turn within a round, the order reversed every other round: a drift of the machine's
  // speed over the run does not always land on the same part.
  const order = round % 2 === 0 ? PARTS : [...PARTS].reverse();
  for (const part of order) {
    const { app, bare } = await measurePart(part, images, concurrency);
    const each = samples.get(part.name)!;
    each.app.push(...app);
    each.bare.push(...bare);
    each.byRound.push(percentile(app, 50) / percentile(bare, 50));
  }
}

const report: PartReport[] = PARTS.map(({ name, what }) => {
  const { app, bare, byRound } = samples.get(name)!;
  return {
    name,
    what,
    appMsPerImage: round(percentile(app, 50)),
    bareMsPerImage: round(percentile(bare, 50)),
    ratio: round(percentile(app, 50) / percentile(bare, 50)),
    ratioByRound: byRound.map((ratio) => round(ratio)),
  };
});

if (values.json) {
  console.log(JSON.stringify({ images: count, rounds, batchSize: BATCH_SIZE, concurrency, parts: report }));
} else {
  console.log(
    `Ingest by parts: ${count} PNGs in batches of ${BATCH_SIZE}, ${concurrency} at once, ${rounds} rounds; each part against bare sharp in the same batches\n`,
  );
  for (const part of report) {
    console.log(
      `  ${part.name.padEnd(7)} ${part.ratio.toFixed(2)}×  (${part.appMsPerImage} vs ${part.bareMsPerImage} ms an image; rounds ${part.ratioByRound.join(', ')})  ${part.what}`,
    );
  }
}
