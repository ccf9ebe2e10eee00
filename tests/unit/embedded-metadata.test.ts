import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createSharpImageCodec } from '../../electron/main/adapters/sharp-image-codec';
import { embeddedPromptOf, MAX_EMBEDDED_PROMPT, readEmbeddedPrompt, xmpDescription } from '../../electron/main/services/image-metadata/embedded-metadata';
import { readExifText } from '../../electron/main/services/image-metadata/exif-text';
import type { EmbeddedText } from '../../electron/main/services/ports';
import { makeImage } from './support/library-fixtures';
import { withPngText } from '../../electron/main/services/image-metadata/png-text-chunks';

const NOW = 1_760_000_000_000;
const nothing: EmbeddedText = { pngText: {}, exif: null, xmp: null };
const png = (pngText: Record<string, string>): EmbeddedText => ({ ...nothing, pngText });

const xmpPacket = (description: string) =>
  `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` +
  `<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description><rdf:Alt>${description}</rdf:Alt></dc:description>` +
  `</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;

function base(width = 40, height = 30) {
  return sharp({ create: { width, height, channels: 3, background: { r: 20, g: 90, b: 160 } } });
}

interface Tag {
  tag: number;
  type: number;
  data: Uint8Array;
}

/** A TIFF/EXIF block built by hand, for what sharp will not write (UCS-2 comments, big-endian, UTF-8 descriptions). */
function buildExif(little: boolean, ifd0: Tag[], exifIfd: Tag[], prefix = false): Uint8Array {
  const out = new Uint8Array(1024);
  const view = new DataView(out.buffer);
  out.set([little ? 0x49 : 0x4d, little ? 0x49 : 0x4d]);
  view.setUint16(2, 42, little);
  view.setUint32(4, 8, little);
  const ifd0Size = 2 + (ifd0.length + 1) * 12 + 4;
  const exifAt = 8 + ifd0Size;
  let dataAt = exifAt + 2 + exifIfd.length * 12 + 4;
  const writeIfd = (at: number, tags: Tag[]) => {
    view.setUint16(at, tags.length, little);
    tags.forEach((tag, i) => {
      const entry = at + 2 + i * 12;
      view.setUint16(entry, tag.tag, little);
      view.setUint16(entry + 2, tag.type, little);
      view.setUint32(entry + 4, tag.type === 4 ? 1 : tag.data.length, little);
      if (tag.data.length <= 4) out.set(tag.data, entry + 8);
      else {
        view.setUint32(entry + 8, dataAt, little);
        out.set(tag.data, dataAt);
        dataAt += tag.data.length;
      }
    });
  };
  const pointer = new Uint8Array(4);
  new DataView(pointer.buffer).setUint32(0, exifAt, little);
  writeIfd(8, [...ifd0, { tag: 0x8769, type: 4, data: pointer }]);
  writeIfd(exifAt, exifIfd);
  const tiff = out.subarray(0, dataAt);
  return prefix ? new Uint8Array([...new TextEncoder().encode('Exif\0\0'), ...tiff]) : tiff;
}

const ascii = (text: string) => new Uint8Array([...new TextEncoder().encode(text), 0]);
const userComment = (code: string, body: Uint8Array) => new Uint8Array([...new TextEncoder().encode(code.padEnd(8, '\0')), ...body]);

describe('what the codec finds in a picture', () => {
  const codec = createSharpImageCodec();

  it('reads PNG text chunks of every kind, first of a keyword winning, plus EXIF and XMP', async () => {
    const plain = new Uint8Array(
      await base()
        .withExif({ IFD0: { ImageDescription: 'from exif' } })
        .withXmp(xmpPacket('<rdf:li xml:lang="x-default">from xmp</rdf:li>'))
        .png()
        .toBuffer(),
    );
    const bytes = withPngText(plain, [
      { keyword: 'parameters', text: 'a heron, ink wash\nSteps: 20' },
      { keyword: 'Comment', text: 'deflated comment', kind: 'zTXt' },
      { keyword: 'reverie', text: '{"prompt":"ünïcode 🦊"}', kind: 'iTXt' },
      { keyword: 'Description', text: 'compressed ümlaut', kind: 'iTXt', compressed: true },
      { keyword: 'Comment', text: 'second comment' },
    ]);

    const found = await codec.readEmbeddedText(bytes);

    expect(found.pngText).toEqual({
      parameters: 'a heron, ink wash\nSteps: 20',
      Comment: 'deflated comment',
      reverie: '{"prompt":"ünïcode 🦊"}',
      Description: 'compressed ümlaut',
    });
    expect(readExifText(found.exif ?? new Uint8Array()).imageDescription).toBe('from exif');
    expect(found.xmp).toContain('from xmp');
  });

  it('reads EXIF from a JPEG and XMP from a WebP, and nothing from a picture without metadata', async () => {
    const jpeg = await base()
      .withExif({ IFD0: { ImageDescription: 'a jpeg description' }, IFD2: { UserComment: 'a jpeg comment' } })
      .jpeg()
      .toBuffer();
    const webp = await base().withXmp(xmpPacket('<rdf:li xml:lang="x-default">a webp description</rdf:li>')).webp().toBuffer();

    const fromJpeg = await codec.readEmbeddedText(new Uint8Array(jpeg));
    const fromWebp = await codec.readEmbeddedText(new Uint8Array(webp));

    expect(readExifText(fromJpeg.exif ?? new Uint8Array())).toEqual({ imageDescription: 'a jpeg description', userComment: 'a jpeg comment' });
    expect(xmpDescription(fromWebp.xmp ?? '')).toBe('a webp description');
    expect(await codec.readEmbeddedText(await makeImage('png', 8, 8))).toEqual(nothing);
  });

  it('throws on bytes that do not decode', async () => {
    await expect(codec.readEmbeddedText(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]))).rejects.toThrow();
  });
});

describe('embeddedPromptOf (what an import or a recovery reads from a picture)', () => {
  const codec = createSharpImageCodec();

  it('reads the prompt through the codec, asking the time only once the text is read', async () => {
    const bytes = withPngText(await makeImage('png', 8, 8), [{ keyword: 'reverie', text: JSON.stringify({ prompt: 'a heron', createdAt: NOW - 5 }) }]);
    const asked: string[] = [];
    const watched = {
      readEmbeddedText: async (input: Uint8Array) => {
        const text = await codec.readEmbeddedText(input);
        asked.push('text');
        return text;
      },
    };

    const found = await embeddedPromptOf(watched, bytes, () => {
      asked.push('now');
      return NOW;
    });

    expect(found).toEqual({ prompt: 'a heron', model: null, aspectRatio: null, createdAt: NOW - 5, source: 'png:reverie' });
    expect(asked).toEqual(['text', 'now']);
  });

  it('says nothing, rather than failing, for a picture whose metadata cannot be read', async () => {
    const found = await embeddedPromptOf(codec, new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]), () => NOW);

    expect(found).toEqual({ prompt: null, model: null, aspectRatio: null, createdAt: null, source: null });
  });
});

describe('readEmbeddedPrompt', () => {
  it("takes Reverie's own export whole: prompt, ratio, model and date", () => {
    const json = JSON.stringify({ prompt: '  a lighthouse at dusk  ', aspectRatio: '16:9', model: 'reve/create-image', createdAt: NOW - 1000 });

    expect(readEmbeddedPrompt(png({ reverie: json, parameters: 'something else' }), NOW)).toEqual({
      prompt: 'a lighthouse at dusk',
      aspectRatio: '16:9',
      model: 'reve/create-image',
      createdAt: NOW - 1000,
      source: 'png:reverie',
    });
  });

  it('drops what it cannot trust in an export (a future date, an unknown ratio) but keeps the prompt', () => {
    const json = JSON.stringify({ prompt: 'fox', aspectRatio: '5:4', createdAt: NOW + 1, extra: true });

    expect(readEmbeddedPrompt(png({ reverie: json }), NOW)).toEqual({ prompt: 'fox', aspectRatio: null, model: null, createdAt: null, source: 'png:reverie' });
  });

  it('falls back past a broken export to the other keys', () => {
    expect(readEmbeddedPrompt(png({ reverie: '{ not json', Comment: 'a comment' }), NOW)).toMatchObject({ prompt: 'a comment', source: 'png:Comment' });
    expect(readEmbeddedPrompt(png({ reverie: '{"prompt":"   "}', Description: 'described' }), NOW)).toMatchObject({ prompt: 'described' });
  });

  it("reads Automatic1111's parameters: the prompt without the negative prompt and settings, and the model", () => {
    const parameters =
      'a castle in fog,\nmatte painting\nNegative prompt: blurry, lowres\nSteps: 30, Sampler: Euler a, CFG scale: 7, Model: dreamshaper_8, Seed: 1';

    expect(readEmbeddedPrompt(png({ parameters }), NOW)).toEqual({
      prompt: 'a castle in fog,\nmatte painting',
      model: 'dreamshaper_8',
      aspectRatio: null,
      createdAt: null,
      source: 'png:parameters',
    });
  });

  it("skips ComfyUI's node graph under `prompt`, and reads a prompt out of NovelAI's JSON comment", () => {
    const graph = JSON.stringify({ 3: { class_type: 'KSampler', inputs: {} } });

    expect(readEmbeddedPrompt(png({ prompt: graph, Comment: JSON.stringify({ prompt: 'an owl', steps: 28 }) }), NOW)).toMatchObject({
      prompt: 'an owl',
      source: 'png:Comment',
    });
    expect(readEmbeddedPrompt(png({ prompt: 'plain words' }), NOW)).toMatchObject({ prompt: 'plain words', source: 'png:prompt' });
    expect(readEmbeddedPrompt(png({ prompt: '42' }), NOW)).toMatchObject({ prompt: '42' });
  });

  it('matches PNG keywords whatever their case', () => {
    expect(readEmbeddedPrompt(png({ description: 'lower case key' }), NOW)).toMatchObject({ prompt: 'lower case key', source: 'png:Description' });
  });

  it('goes on to EXIF ImageDescription, then UserComment, then XMP', () => {
    const both = buildExif(
      true,
      [{ tag: 0x010e, type: 2, data: ascii('the description') }],
      [{ tag: 0x9286, type: 7, data: userComment('ASCII', ascii('the comment')) }],
    );
    const commentOnly = buildExif(true, [], [{ tag: 0x9286, type: 7, data: userComment('ASCII', ascii('the comment')) }]);
    const xmp = xmpPacket('<rdf:li xml:lang="x-default">the xmp</rdf:li>');

    expect(readEmbeddedPrompt({ pngText: {}, exif: both, xmp }, NOW)).toMatchObject({ prompt: 'the description', source: 'exif:ImageDescription' });
    expect(readEmbeddedPrompt({ pngText: {}, exif: commentOnly, xmp }, NOW)).toMatchObject({ prompt: 'the comment', source: 'exif:UserComment' });
    expect(readEmbeddedPrompt({ pngText: {}, exif: null, xmp }, NOW)).toMatchObject({ prompt: 'the xmp', source: 'xmp:dc:description' });
    expect(readEmbeddedPrompt({ pngText: { Comment: '   ' }, exif: null, xmp: null }, NOW)).toEqual({
      prompt: null,
      model: null,
      aspectRatio: null,
      createdAt: null,
      source: null,
    });
  });

  it('keeps at most MAX_EMBEDDED_PROMPT characters of a runaway field', () => {
    expect(readEmbeddedPrompt(png({ Comment: 'x'.repeat(MAX_EMBEDDED_PROMPT + 50) }), NOW).prompt).toHaveLength(MAX_EMBEDDED_PROMPT);
  });
});

describe('readExifText', () => {
  it('reads big-endian files, UTF-8 in ASCII fields, and the Exif prefix JPEG adds', () => {
    const exif = buildExif(false, [{ tag: 0x010e, type: 2, data: ascii('café au lait') }], [], true);

    expect(readExifText(exif)).toEqual({ imageDescription: 'café au lait', userComment: null });
  });

  it('decodes a UNICODE user comment in the file byte order, or by its byte-order mark', () => {
    const utf16 = (text: string, little: boolean) => {
      const out = new Uint8Array(text.length * 2);
      const view = new DataView(out.buffer);
      [...text].forEach((char, i) => view.setUint16(i * 2, char.charCodeAt(0), little));
      return out;
    };
    const littleFile = buildExif(true, [], [{ tag: 0x9286, type: 7, data: userComment('UNICODE', utf16('Grüße', true)) }]);
    const bigFile = buildExif(false, [], [{ tag: 0x9286, type: 7, data: userComment('UNICODE', utf16('Grüße', false)) }]);
    const withMark = buildExif(false, [], [{ tag: 0x9286, type: 7, data: userComment('UNICODE', new Uint8Array([0xff, 0xfe, ...utf16('Grüße', true)])) }]);

    for (const exif of [littleFile, bigFile, withMark]) expect(readExifText(exif).userComment).toBe('Grüße');
  });

  it('reads an undefined-code comment as text, and does not guess at JIS', () => {
    const undefinedCode = buildExif(true, [], [{ tag: 0x9286, type: 7, data: userComment('', new TextEncoder().encode('plain   ')) }]);
    const jis = buildExif(true, [], [{ tag: 0x9286, type: 7, data: userComment('JIS', new Uint8Array([0x1b, 0x24, 0x42])) }]);

    expect(readExifText(undefinedCode).userComment).toBe('plain');
    expect(readExifText(jis).userComment).toBeNull();
  });

  it('gives nulls, never a throw, for malformed EXIF', () => {
    const good = buildExif(true, [{ tag: 0x010e, type: 2, data: ascii('a long enough description') }], []);
    const none = { imageDescription: null, userComment: null };

    expect(readExifText(new Uint8Array())).toEqual(none);
    expect(readExifText(new TextEncoder().encode('not a tiff at all'))).toEqual(none);
    expect(readExifText(good.subarray(0, 30))).toEqual(none);
    const pointingAway = good.slice();
    new DataView(pointingAway.buffer).setUint32(4, 0xfffffff0, true);
    expect(readExifText(pointingAway)).toEqual(none);
  });
});

describe('xmpDescription', () => {
  it('prefers the x-default language, decodes entities, and reads the attribute form', () => {
    const alternatives = xmpPacket('<rdf:li xml:lang="de">ein Fuchs</rdf:li><rdf:li xml:lang="x-default">a fox &amp; a &lt;hound&gt; &#x1F98A;</rdf:li>');

    expect(xmpDescription(alternatives)).toBe('a fox & a <hound> 🦊');
    expect(xmpDescription('<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:description="short &quot;form&quot;"/>')).toBe('short "form"');
    expect(xmpDescription('<x:xmpmeta/>')).toBeNull();
  });
});

describe('Reverie’s own record in XMP', () => {
  const xmp = (record: string) =>
    `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description>` +
    `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">the plain description</rdf:li></rdf:Alt></dc:description>` +
    `<reverie:export>${record}</reverie:export></rdf:Description></rdf:RDF></x:xmpmeta>`;

  it('is read when there is no PNG text (JPEG, WebP, AVIF exports)', () => {
    const record = JSON.stringify({ prompt: 'from the record', aspectRatio: '9:16', model: 'reve/create-image', createdAt: 1_000 }).replace(/"/g, '&quot;');
    expect(readEmbeddedPrompt({ pngText: {}, exif: null, xmp: xmp(record) }, 2_000)).toEqual({
      prompt: 'from the record',
      aspectRatio: '9:16',
      model: 'reve/create-image',
      createdAt: 1_000,
      source: 'xmp:reverie:export',
    });
  });

  it('falls back to the description when the record is not valid', () => {
    for (const broken of ['not json', '{&quot;prompt&quot;: 5}', '']) {
      expect(readEmbeddedPrompt({ pngText: {}, exif: null, xmp: xmp(broken) }, 2_000)).toMatchObject({
        prompt: 'the plain description',
        source: 'xmp:dc:description',
      });
    }
  });
});
