import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createSharpImageCodec } from '../../electron/main/adapters/sharp-image-codec';
import { readEmbeddedPrompt, xmpDescription } from '../../electron/main/services/image-metadata/embedded-metadata';
import { readExifText } from '../../electron/main/services/image-metadata/exif-text';
import { csvCell, exportSidecar, manifestCsv, renderExportImage, xmpPacket, type ManifestRow } from '../../electron/main/services/export/metadata';
import type { LibraryItem } from '../../electron/shared/domain';
import { makeImage, makeItem } from './support/library-fixtures';
import { parseCsv } from './support/csv';

const codec = createSharpImageCodec();
const NOW = 1_900_000_000_000;
const PROMPT = 'A lighthouse at dusk — "oil" <painting> & 🌅, ünïcödé';

const item = (overrides: Partial<LibraryItem> = {}) =>
  makeItem({ prompt: PROMPT, aspectRatio: '16:9', requestId: 'rsid-42', credits: 126_000, createdAt: 1_750_000_000_000, ...overrides });

const defaults = { quality: 90, longestEdge: null, metadata: 'embed' } as const;

async function embeddedOf(bytes: Uint8Array) {
  return readEmbeddedPrompt(await codec.readEmbeddedText(bytes), NOW);
}

/** The decoded pixels, to tell a copy that kept the picture from a re-encoded one. */
const pixelsOf = async (bytes: Uint8Array) => (await sharp(bytes).raw().toBuffer()).toString('base64');

describe('renderExportImage', () => {
  it('PNG: the prompt, ratio, model and date come back through Reverie’s own reader', async () => {
    const source = item();
    const out = await renderExportImage(await makeImage('jpeg', 64, 36), source, { ...defaults, format: 'png' }, codec);
    expect((await sharp(out).metadata()).format).toBe('png');
    const text = await codec.readEmbeddedText(out);
    expect(text.pngText.prompt).toBe(PROMPT);
    expect(text.pngText.Software).toBe('Reverie');
    expect(xmpDescription(text.xmp ?? '')).toBe(PROMPT);
    expect(JSON.parse(text.pngText.reverie ?? '')).toEqual({
      prompt: PROMPT,
      aspectRatio: '16:9',
      model: 'reve/create-image',
      requestId: 'rsid-42',
      createdAt: 1_750_000_000_000,
      credits: 126_000,
      id: source.id,
    });
    expect(await embeddedOf(out)).toEqual({
      prompt: PROMPT,
      model: 'reve/create-image',
      aspectRatio: '16:9',
      createdAt: 1_750_000_000_000,
      source: 'png:reverie',
    });
  });

  it.each(['jpeg', 'webp', 'avif'] as const)('%s: an ASCII prompt in EXIF ImageDescription and XMP', async (format) => {
    const ascii = 'a lighthouse at dusk, "oil" <painting> & more';
    const out = await renderExportImage(await makeImage('png', 64, 36), item({ prompt: ascii }), { ...defaults, format }, codec);
    const meta = await sharp(out).metadata();
    expect(meta.format).toBe(format === 'avif' ? 'heif' : format);
    const text = await codec.readEmbeddedText(out);
    expect(readExifText(text.exif ?? new Uint8Array()).imageDescription).toBe(ascii);
    expect(xmpDescription(text.xmp ?? '')).toBe(ascii);
    expect(text.xmp).toContain('reverie:export');
    // Reverie's own record in the XMP wins over EXIF, and brings the ratio, model and date back too.
    expect(await embeddedOf(out)).toEqual({
      prompt: ascii,
      model: 'reve/create-image',
      aspectRatio: '16:9',
      createdAt: 1_750_000_000_000,
      source: 'xmp:reverie:export',
    });
  });

  it.each(['jpeg', 'webp', 'avif'] as const)('%s: a Unicode prompt comes back exactly, from XMP (EXIF would mangle it)', async (format) => {
    const out = await renderExportImage(await makeImage('png', 64, 36), item(), { ...defaults, format }, codec);
    const text = await codec.readEmbeddedText(out);
    expect(readExifText(text.exif ?? new Uint8Array()).imageDescription).toBeNull();
    expect(xmpDescription(text.xmp ?? '')).toBe(PROMPT);
    expect(await embeddedOf(out)).toMatchObject({ prompt: PROMPT, aspectRatio: '16:9', model: 'reve/create-image', source: 'xmp:reverie:export' });
  });

  it('strip leaves no EXIF, XMP, ICC or text in any format', async () => {
    // A source that carries metadata of its own, which must not leak through either.
    const source = new Uint8Array(
      await sharp(await makeImage('png', 40, 30))
        .withExif({ IFD0: { ImageDescription: 'secret' } })
        .withXmp(xmpPacket(item({ prompt: 'secret' })))
        .jpeg()
        .toBuffer(),
    );
    for (const format of ['png', 'jpeg', 'webp', 'avif', 'original'] as const) {
      const out = await renderExportImage(source, item({ mimeType: 'image/jpeg' }), { ...defaults, metadata: 'strip', format }, codec);
      const meta = await sharp(out).metadata();
      expect(meta.exif, format).toBeUndefined();
      expect(meta.xmp, format).toBeUndefined();
      expect(meta.icc, format).toBeUndefined();
      expect(meta.comments ?? [], format).toEqual([]);
      expect(Buffer.from(out).includes('secret'), format).toBe(false);
    }
  });

  it.each([
    ['png', 'image/png', 'png:reverie'],
    ['jpeg', 'image/jpeg', 'xmp:reverie:export'],
    ['webp', 'image/webp', 'xmp:reverie:export'],
  ] as const)('original + embed, %s: the same pixels, not re-encoded, with the prompt in the copy', async (format, mimeType, source) => {
    const bytes = await makeImage(format, 50, 40, 3);
    const before = Buffer.from(bytes);
    const copy = await renderExportImage(bytes, item({ mimeType }), { ...defaults, format: 'original' }, codec);
    // The input (the library's own bytes) is not written to.
    expect(Buffer.from(bytes).equals(before)).toBe(true);
    expect(Buffer.from(copy).equals(before)).toBe(false);
    expect(await embeddedOf(copy)).toEqual({ prompt: PROMPT, model: 'reve/create-image', aspectRatio: '16:9', createdAt: 1_750_000_000_000, source });
    expect(xmpDescription((await codec.readEmbeddedText(copy)).xmp ?? '')).toBe(PROMPT);
    // Byte for byte the same image data: the original's bytes are all in the copy, in order, around the metadata added.
    expect(await pixelsOf(copy)).toEqual(await pixelsOf(bytes));
    expect(copy.byteLength - before.length).toBeLessThan(4096);
  });

  it('original + strip: same format, re-encoded, nothing embedded', async () => {
    const bytes = await makeImage('webp', 50, 40, 3);
    const stripped = await renderExportImage(bytes, item({ mimeType: 'image/webp' }), { ...defaults, format: 'original', metadata: 'strip' }, codec);
    expect((await sharp(stripped).metadata()).format).toBe('webp');
    expect((await embeddedOf(stripped)).prompt).toBeNull();
  });

  it('original shrinks (in its own format, with metadata) only when larger than the longest edge', async () => {
    const bytes = await makeImage('png', 200, 100);
    const small = await renderExportImage(bytes, item({ mimeType: 'image/png' }), { ...defaults, format: 'original', longestEdge: 64 }, codec);
    const meta = await sharp(small).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 64, 32]);
    expect((await embeddedOf(small)).prompt).toBe(PROMPT);
    const same = await renderExportImage(bytes, item({ mimeType: 'image/png' }), { ...defaults, format: 'original', longestEdge: 400 }, codec);
    expect(await pixelsOf(same)).toEqual(await pixelsOf(bytes));
    expect((await embeddedOf(same)).prompt).toBe(PROMPT);
  });

  it('applies EXIF orientation to the pixels', async () => {
    const rotated = new Uint8Array(
      await sharp(await makeImage('png', 60, 20))
        .withMetadata({ orientation: 6 })
        .jpeg()
        .toBuffer(),
    );
    const out = await renderExportImage(rotated, item(), { ...defaults, format: 'png', metadata: 'strip' }, codec);
    const meta = await sharp(out).metadata();
    expect([meta.width, meta.height, meta.orientation]).toEqual([20, 60, undefined]);
  });
});

describe('sidecar and manifest', () => {
  it('the sidecar says what a user needs, cost included, and the size of the exported file (not the original’s)', () => {
    const source = item({ width: 1360, height: 768 });
    const sidecar = JSON.parse(exportSidecar(source, 'x.png', { width: 680, height: 384, bytes: 51_234 }));
    expect(sidecar).toMatchObject({
      file: 'x.png',
      id: source.id,
      prompt: PROMPT,
      aspectRatio: '16:9',
      model: 'reve/create-image',
      width: 680,
      height: 384,
      bytes: 51_234,
      requestId: 'rsid-42',
      credits: 126_000,
      costUsd: 0.063,
      createdAt: new Date(1_750_000_000_000).toISOString(),
      sourceFile: `${source.fileHash}.png`,
    });
  });

  it('quotes per RFC 4180 and defuses formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    for (const start of ['+', '-', '@', '\t']) expect(csvCell(`${start}1`)).toBe(`'${start}1`);
    expect(csvCell(null)).toBe('');
    expect(csvCell(12)).toBe('12');
  });

  it('one row per item, parseable, failures included', () => {
    const rows: ManifestRow[] = [
      { status: 'written', file: 'a.png', reason: '', item: item({ prompt: 'multi\nline, "quoted"' }), exported: { width: 512, height: 288, bytes: 40_000 } },
      { status: 'failed', file: '', reason: 'The image was never downloaded.', item: item({ prompt: '=1+1', credits: null }), exported: null },
    ];
    const csv = manifestCsv(rows);
    expect(csv.startsWith('\ufeff')).toBe(true);
    const [header, first, second] = parseCsv(csv.slice(1));
    expect(header).toEqual([
      'file',
      'status',
      'reason',
      'id',
      'prompt',
      'aspect_ratio',
      'model',
      'width',
      'height',
      'bytes',
      'request_id',
      'credits',
      'cost_usd',
      'created_at',
      'sources',
      'client_request_id',
      'inference_id',
    ]);
    expect(first?.slice(0, 5)).toEqual(['a.png', 'written', '', rows[0]?.item.id, 'multi\nline, "quoted"']);
    // The exported file's size, not the item's (1248×832 in the library).
    expect(first?.slice(7, 10)).toEqual(['512', '288', '40000']);
    expect(first?.[11]).toBe('126000');
    expect(first?.[12]).toBe('0.063000');
    expect(second?.slice(0, 5)).toEqual(['', 'failed', 'The image was never downloaded.', rows[1]?.item.id, "'=1+1"]);
    expect(second?.slice(7, 10)).toEqual(['', '', '']);
    expect(second?.[11]).toBe('');
    // A create has no lineage: empty cells, not "null".
    expect(first?.slice(14)).toEqual(['', '', '']);
  });

  it('the sidecar and the manifest carry the lineage: sources in send order, the model, the instruction and both request ids', () => {
    const sources = ['0b6f2c1e-4a8d-4f3b-9c2e-1d7a5e3f9b10', '7c1d9e2f-3b4a-4c5d-8e6f-0a1b2c3d4e5f'];
    const remix = item({ model: 'reve/remix-edit-image', prompt: 'both at night', sources, clientRequestId: 'job-7', inferenceId: 'inf-99' });

    expect(JSON.parse(exportSidecar(remix, 'r.png', { width: 1, height: 1, bytes: 1 }))).toMatchObject({
      model: 'reve/remix-edit-image',
      prompt: 'both at night',
      sources,
      clientRequestId: 'job-7',
      inferenceId: 'inf-99',
    });
    expect(JSON.parse(exportSidecar(item(), 'c.png', { width: 1, height: 1, bytes: 1 }))).toMatchObject({
      sources: [],
      clientRequestId: null,
      inferenceId: null,
    });

    const [header, row] = parseCsv(manifestCsv([{ status: 'written', file: 'r.png', reason: '', item: remix, exported: null }]).slice(1));
    const cell = (column: string) => row?.[header?.indexOf(column) ?? -1];
    expect([cell('model'), cell('prompt'), cell('sources'), cell('client_request_id'), cell('inference_id')]).toEqual([
      'reve/remix-edit-image',
      'both at night',
      sources.join(' '),
      'job-7',
      'inf-99',
    ]);
  });
});
