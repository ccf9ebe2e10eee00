import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createSharpImageCodec } from '../../electron/main/adapters/sharp-image-codec';
import { xmpDescription } from '../../electron/main/services/image-metadata/embedded-metadata';
import { readExifText } from '../../electron/main/services/image-metadata/exif-text';
import { withJpegXmp } from '../../electron/main/services/image-metadata/jpeg-xmp';
import { replacingPngText, withPngText } from '../../electron/main/services/image-metadata/png-text-chunks';
import { withWebpXmp } from '../../electron/main/services/image-metadata/webp-xmp';
import { makeImage } from './support/library-fixtures';

/**
 * Metadata written into a copy of an image without decoding it (what "Original" + "Embed prompt"
 * exports). Every result is read back by the real decoder (sharp/libvips): the picture must decode to
 * the same pixels, and the metadata must be what was written, with no older copy left to disagree.
 */
const codec = createSharpImageCodec();
const packet = (description: string) =>
  '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
  '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">' +
  `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${description}</rdf:li></rdf:Alt></dc:description>` +
  '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>';

const pixelsOf = async (bytes: Uint8Array) => (await sharp(bytes).raw().toBuffer({ resolveWithObject: true })).data.toString('base64');
const xmpOf = async (bytes: Uint8Array) => xmpDescription((await codec.readEmbeddedText(bytes)).xmp ?? '');

describe('PNG text, replaced in place', () => {
  it('replaces text chunks of the same keywords (any case), keeps the others and the pixels', async () => {
    const original = withPngText(await makeImage('png', 30, 20, 4), [
      { keyword: 'Prompt', text: 'an older prompt' },
      { keyword: 'parameters', text: 'Steps: 20' },
      { keyword: 'reverie', text: '{"prompt":"older"}', kind: 'iTXt' },
    ]);
    const copy = replacingPngText(original, [
      { keyword: 'prompt', text: 'a heron — 🌅', kind: 'iTXt' },
      { keyword: 'reverie', text: '{"prompt":"a heron — 🌅"}', kind: 'iTXt' },
    ]);
    const text = await codec.readEmbeddedText(copy);
    expect(text.pngText).toEqual({ prompt: 'a heron — 🌅', reverie: '{"prompt":"a heron — 🌅"}', parameters: 'Steps: 20' });
    expect(await pixelsOf(copy)).toBe(await pixelsOf(original));
  });

  it('carries an XMP packet as the iTXt chunk XMP readers look for', async () => {
    const copy = replacingPngText(await makeImage('png', 16, 16), [{ keyword: 'XML:com.adobe.xmp', text: packet('a kite &amp; a cloud'), kind: 'iTXt' }]);
    expect(await xmpOf(copy)).toBe('a kite & a cloud');
  });

  it('refuses bytes that are not a PNG, or one cut short', async () => {
    expect(() => replacingPngText(new Uint8Array(40), [])).toThrow(/not a PNG/);
    const png = await makeImage('png', 16, 16);
    expect(() => replacingPngText(png.subarray(0, png.length - 6), [])).toThrow(/ends inside/);
  });
});

describe('JPEG XMP, in place', () => {
  it('adds the packet after JFIF and EXIF, keeping them, the orientation and the image data', async () => {
    const original = new Uint8Array(
      await sharp(await makeImage('png', 40, 20, 2))
        .withMetadata({ orientation: 6 })
        .withExifMerge({ IFD0: { ImageDescription: 'camera caption' } })
        .jpeg({ quality: 80 })
        .toBuffer(),
    );
    const copy = withJpegXmp(original, packet('a lighthouse — 🌅'));
    expect(await xmpOf(copy)).toBe('a lighthouse — 🌅');
    const meta = await sharp(copy).metadata();
    expect([meta.format, meta.width, meta.height, meta.orientation]).toEqual(['jpeg', 40, 20, 6]);
    expect(readExifText((await codec.readEmbeddedText(copy)).exif ?? new Uint8Array()).imageDescription).toBe('camera caption');
    expect(await pixelsOf(copy)).toBe(await pixelsOf(original));
    // Only the XMP segment (marker, length, namespace, packet) was added: without it, the copy is the original byte for byte.
    const added = 4 + 29 + Buffer.byteLength(packet('a lighthouse — 🌅'));
    const at = Buffer.from(copy).indexOf(Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1')) - 4;
    expect(Buffer.concat([copy.subarray(0, at), copy.subarray(at + added)]).equals(Buffer.from(original))).toBe(true);
  });

  it('replaces an older XMP packet rather than adding a second one', async () => {
    const original = new Uint8Array(
      await sharp(await makeImage('png', 24, 24))
        .withXmp(packet('older'))
        .jpeg()
        .toBuffer(),
    );
    const copy = withJpegXmp(original, packet('newer'));
    expect(await xmpOf(copy)).toBe('newer');
    expect(Buffer.from(copy).includes('older')).toBe(false);
  });

  it('refuses a packet too large for one segment, and bytes that are not a JPEG', async () => {
    const jpeg = await makeImage('jpeg', 16, 16);
    expect(() => withJpegXmp(jpeg, packet('x'.repeat(70_000)))).toThrow(/too long to embed/);
    const png = await makeImage('png', 16, 16);
    expect(() => withJpegXmp(png, packet('x'))).toThrow(/not a JPEG/);
    // Cut inside its EXIF segment, before the image data.
    const withExif = new Uint8Array(
      await sharp(png)
        .withExif({ IFD0: { ImageDescription: 'caption' } })
        .jpeg()
        .toBuffer(),
    );
    expect(() => withJpegXmp(withExif.subarray(0, 30), packet('x'))).toThrow(/damaged/);
  });
});

describe('WebP XMP, in place', () => {
  it.each([
    ['lossy (VP8)', { lossless: false }, false],
    ['lossless (VP8L)', { lossless: true }, false],
    ['lossless with alpha', { lossless: true }, true],
  ] as const)('%s: turned into the extended format around the same image chunk', async (_name, webpOptions, alpha) => {
    const channels = alpha ? 4 : 3;
    const background = alpha ? { r: 10, g: 200, b: 90, alpha: 0.5 } : { r: 10, g: 200, b: 90 };
    const original = new Uint8Array(
      await sharp({ create: { width: 33, height: 17, channels, background } })
        .webp(webpOptions)
        .toBuffer(),
    );
    expect(Buffer.from(original).toString('latin1', 12, 16)).not.toBe('VP8X');

    const copy = withWebpXmp(original, packet('a kite over dunes — 🪁'));
    expect(Buffer.from(copy).toString('latin1', 12, 16)).toBe('VP8X');
    expect(Buffer.from(copy).readUInt32LE(4)).toBe(copy.length - 8);
    expect(await xmpOf(copy)).toBe('a kite over dunes — 🪁');
    const meta = await sharp(copy).metadata();
    expect([meta.format, meta.width, meta.height, meta.hasAlpha]).toEqual(['webp', 33, 17, alpha]);
    expect(await pixelsOf(copy)).toBe(await pixelsOf(original));
  });

  it('an extended WebP keeps its EXIF and gets its XMP replaced', async () => {
    const original = new Uint8Array(
      await sharp(await makeImage('png', 20, 12))
        .withExif({ IFD0: { ImageDescription: 'kept caption' } })
        .withXmp(packet('older'))
        .webp()
        .toBuffer(),
    );
    expect(Buffer.from(original).toString('latin1', 12, 16)).toBe('VP8X');
    const copy = withWebpXmp(original, packet('newer'));
    expect(await xmpOf(copy)).toBe('newer');
    expect(Buffer.from(copy).includes('older')).toBe(false);
    expect(readExifText((await codec.readEmbeddedText(copy)).exif ?? new Uint8Array()).imageDescription).toBe('kept caption');
    expect(await pixelsOf(copy)).toBe(await pixelsOf(original));
  });

  it('refuses bytes that are not a WebP, or one cut short', async () => {
    const png = await makeImage('png', 16, 16);
    expect(() => withWebpXmp(png, packet('x'))).toThrow(/not a WebP/);
    const webp = await makeImage('webp', 16, 16);
    const cut = new Uint8Array(webp.subarray(0, webp.length - 10));
    expect(() => withWebpXmp(cut, packet('x'))).toThrow(/ends inside/);
  });
});
