import { z } from 'zod';
import { AspectRatio } from '../../../shared/domain';
import { readExifText } from './exif-text';
import type { EmbeddedText, ImageCodec } from '../ports';

/** What an imported picture says about how it was made; null where it says nothing usable. */
export interface EmbeddedPrompt {
  prompt: string | null;
  model: string | null;
  aspectRatio: AspectRatio | null;
  /** Only from Reverie's own export, the one source whose clock and meaning we know. */
  createdAt: number | null;
  /** Where the prompt was found, e.g. `png:parameters` or `xmp:dc:description`, for the log. */
  source: string | null;
}

/** What a picture that says nothing usable about itself says. */
const NOTHING_EMBEDDED: Readonly<EmbeddedPrompt> = Object.freeze({ prompt: null, model: null, aspectRatio: null, createdAt: null, source: null });

/** Metadata fields can hold whole documents; a prompt is never this long, and the library should not carry megabytes of it. */
export const MAX_EMBEDDED_PROMPT = 10_000;

/** The PNG text key Reverie's exports carry: JSON with the prompt, ratio and model. */
export const REVERIE_TEXT_KEY = 'reverie';

const ReverieExport = z.looseObject({
  prompt: z.string(),
  aspectRatio: AspectRatio.nullable().optional().catch(null),
  model: z.string().nullable().optional().catch(null),
  createdAt: z.int().positive().nullable().optional().catch(null),
});

function clip(text: string | null | undefined): string | null {
  const trimmed = text?.replace(/\0+/g, '').trim();
  return trimmed ? trimmed.slice(0, MAX_EMBEDDED_PROMPT) : null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** PNG keywords are case-sensitive by the spec, not by the tools that write them. */
function pngValue(pngText: Readonly<Record<string, string>>, key: string): string | null {
  const lower = key.toLowerCase();
  const found = Object.keys(pngText).find((candidate) => candidate.toLowerCase() === lower);
  return found === undefined ? null : (pngText[found] ?? null);
}

/**
 * Plain text, or a JSON object with a `prompt` string (NovelAI's Comment). Other JSON is not a
 * prompt: ComfyUI's `prompt` key holds its node graph.
 */
function textOrJsonPrompt(value: string): string | null {
  const json = parseJson(value);
  // Text that happens to parse (a number, a quoted phrase) is still text.
  if (typeof json !== 'object' || json === null) return clip(value);
  if ('prompt' in json && typeof json.prompt === 'string') return clip(json.prompt);
  return null;
}

/** Automatic1111's `parameters`: the prompt, then optional `Negative prompt:` and a `Steps: …, Model: …` line. */
function automatic1111(value: string): { prompt: string | null; model: string | null } {
  const lines = value.split(/\r?\n/);
  const end = lines.findIndex((line) => /^(Negative prompt|Steps):/.test(line));
  const prompt = clip((end === -1 ? lines : lines.slice(0, end)).join('\n'));
  const settings = end === -1 ? '' : lines.slice(end).join('\n');
  const model = /(?:^|[\s,])Model:\s*([^,\n]+)/.exec(settings)?.[1];
  return { prompt, model: clip(model) };
}

const XML_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (entity, name: string) => {
    if (name[0] !== '#') return XML_ENTITIES[name.toLowerCase()] ?? entity;
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : entity;
  });
}

/**
 * XMP's dc:description: a language alternative (the x-default entry first, else the first), or
 * the attribute shorthand. A pattern read rather than an XML parser: the packet is untrusted, the
 * shape wanted is narrow, and no entity expansion can run away in a regular expression.
 */
export function xmpDescription(xmp: string): string | null {
  const element = /<dc:description\b[^>]*>([\s\S]*?)<\/dc:description>/.exec(xmp)?.[1];
  if (element !== undefined) {
    const items = [...element.matchAll(/<rdf:li\b([^>]*)>([\s\S]*?)<\/rdf:li>/g)];
    const preferred = items.find((item) => /xml:lang=["']x-default["']/.test(item[1] ?? '')) ?? items[0];
    return clip(decodeXml(preferred ? (preferred[2] ?? '') : element));
  }
  const attribute = /\bdc:description=("([^"]*)"|'([^']*)')/.exec(xmp);
  return attribute ? clip(decodeXml(attribute[2] ?? attribute[3] ?? '')) : null;
}

/**
 * Reverie's own export record: the `reverie` PNG text chunk, or (JPEG, WebP, AVIF, which carry no PNG
 * text) the `reverie:export` property of the XMP packet.
 */
function reverieExportOf(text: EmbeddedText): { json: string; source: string } | null {
  const png = pngValue(text.pngText, REVERIE_TEXT_KEY);
  if (png !== null) return { json: png, source: `png:${REVERIE_TEXT_KEY}` };
  const xmp = text.xmp ? /<reverie:export\b[^>]*>([\s\S]*?)<\/reverie:export>/.exec(text.xmp)?.[1] : undefined;
  return xmp === undefined ? null : { json: decodeXml(xmp), source: 'xmp:reverie:export' };
}

/**
 * The prompt (and what else can be trusted) a picture carries, first found wins: Reverie's own
 * export; the PNG text keys image tools use (`prompt`, `parameters`, `Description`, `Comment`); EXIF
 * ImageDescription, then UserComment; XMP dc:description.
 */
export function readEmbeddedPrompt(text: EmbeddedText, now: number): EmbeddedPrompt {
  const reverie = reverieExportOf(text);
  const exported = reverie === null ? null : ReverieExport.safeParse(parseJson(reverie.json));
  if (exported?.success) {
    const prompt = clip(exported.data.prompt);
    if (prompt !== null) {
      const createdAt = exported.data.createdAt ?? null;
      return {
        prompt,
        model: clip(exported.data.model),
        aspectRatio: exported.data.aspectRatio ?? null,
        // A date in the future is a wrong clock, not a fact.
        createdAt: createdAt !== null && createdAt <= now ? createdAt : null,
        source: reverie!.source,
      };
    }
  }

  const candidates: Array<[source: string, read: () => Pick<EmbeddedPrompt, 'prompt' | 'model'> | null]> = [
    ['png:prompt', () => ({ prompt: textOrJsonPrompt(pngValue(text.pngText, 'prompt') ?? ''), model: null })],
    ['png:parameters', () => automatic1111(pngValue(text.pngText, 'parameters') ?? '')],
    ['png:Description', () => ({ prompt: textOrJsonPrompt(pngValue(text.pngText, 'Description') ?? ''), model: null })],
    ['png:Comment', () => ({ prompt: textOrJsonPrompt(pngValue(text.pngText, 'Comment') ?? ''), model: null })],
    ['exif:ImageDescription', () => (text.exif ? { prompt: readExifText(text.exif).imageDescription, model: null } : null)],
    ['exif:UserComment', () => (text.exif ? { prompt: readExifText(text.exif).userComment, model: null } : null)],
    ['xmp:dc:description', () => (text.xmp ? { prompt: xmpDescription(text.xmp), model: null } : null)],
  ];
  for (const [source, read] of candidates) {
    const found = read();
    if (found?.prompt) return { ...NOTHING_EMBEDDED, prompt: found.prompt, model: found.model, source };
  }
  return { ...NOTHING_EMBEDDED };
}

/**
 * The prompt a picture's bytes carry, read through `codec`. Metadata is a bonus: a picture whose
 * headers cannot be read says nothing, rather than failing the import or recovery that asked.
 * `now` is asked once the text is read, for the check that a date is not in the future.
 */
export function embeddedPromptOf(codec: Pick<ImageCodec, 'readEmbeddedText'>, bytes: Uint8Array, now: () => number): Promise<EmbeddedPrompt> {
  return codec
    .readEmbeddedText(bytes)
    .then((text) => readEmbeddedPrompt(text, now()))
    .catch((): EmbeddedPrompt => ({ ...NOTHING_EMBEDDED }));
}
