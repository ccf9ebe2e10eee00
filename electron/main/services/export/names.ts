import type { LibraryItem } from '../../../shared/domain';

/**
 * File names that are safe on Windows, macOS and Linux alike: an export folder may be a USB stick
 * or a synced share that any of them reads later, so the strictest rule of the three applies.
 */

/** Room under the usual 255-byte limit for an extension, a `-123` suffix and a `.json` sidecar. */
export const MAX_NAME_BYTES = 200;
export const FALLBACK_NAME = 'image';

/** Never valid in a Windows name; `/` nowhere, `:` shows as `/` in Finder. */
const ILLEGAL = /[<>:"/\\|?*]/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
/** Invisible and direction-changing marks (not the joiners inside emoji and Persian words): U+202E turns `gnp.exe` into something that reads as `exe.png`. */
const INVISIBLE = /[\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
/** Device names Windows reserves with any extension and in any case (`con.txt`, `Com1.png`, `LPT¹`). */
const RESERVED = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])$/i;

const utf8 = new TextEncoder();
const utf8Bytes = (text: string) => utf8.encode(text).byteLength;
const codePoints = (text: string) => Array.from(text).length;
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
/** Unicode word boundaries (UAX #29, with ICU's dictionaries for scripts written without spaces, e.g. Japanese, Thai). */
const words = new Intl.Segmenter(undefined, { granularity: 'word' });

/** The longest run of whole `segments` from the start of the text whose `measure` stays within `budget`. */
function takeWhole(segments: Iterable<{ segment: string }>, measure: (text: string) => number, budget: number): string {
  let out = '';
  for (const { segment } of segments) {
    if (measure(out + segment) > budget) break;
    out += segment;
  }
  return out;
}

/** What a cut between words leaves at the end that reads as unfinished: spaces, and the punctuation that joins clauses (CJK's too). */
const DANGLING = /[\s,;:.\-\u2013\u2014\u3001\u3002\uff0c\uff1b\uff1a]+$/u;

/**
 * `text` cut so that `measure` (bytes, characters) stays within `budget`, at the end of a word, so a
 * name never ends in half a word. A cut that would keep less than half the budget (one very long
 * word, a pasted URL) falls back to whole graphemes (an emoji sequence is never split), and a single
 * grapheme over the whole budget (a long combining run) to code points.
 */
function clipToBudget(text: string, measure: (text: string) => number, budget: number): string {
  if (measure(text) <= budget) return text;
  const atWord = takeWhole(words.segment(text), measure, budget).replace(DANGLING, '');
  if (measure(atWord) * 2 >= budget) return atWord;
  const atGrapheme = takeWhole(graphemes.segment(text), measure, budget);
  if (atGrapheme !== '') return atGrapheme;
  return takeWhole(
    Array.from(text, (point) => ({ segment: point })),
    measure,
    budget,
  );
}

/** Cut to `maxBytes` of UTF-8, at a word boundary where there is one (see clipToBudget). */
const clipBytes = (text: string, maxBytes: number): string => clipToBudget(text, utf8Bytes, maxBytes);

/** Trailing dots and spaces are dropped by Windows (so two names would collide); leading dots hide a file. */
const trimEnds = (text: string) => text.replace(/^[\s.]+/, '').replace(/[\s.]+$/, '');

/**
 * A name (with or without its extension) safe to create on any of the three systems: Unicode NFC
 * (how macOS stores names), no control, invisible or reserved characters, no leading dot, no
 * trailing dot or space, not a Windows device name, at most `maxBytes` of UTF-8; `fallback` when
 * nothing is left.
 */
export function sanitizeFileName(name: string, maxBytes = MAX_NAME_BYTES, fallback = FALLBACK_NAME): string {
  let text = name.normalize('NFC').replace(INVISIBLE, '').replace(/\s+/g, ' ').replace(CONTROL, '').replace(ILLEGAL, '_');
  text = trimEnds(clipBytes(trimEnds(text), maxBytes));
  // Windows looks at the part before the first dot, ignoring spaces before that dot.
  const stem = text.split('.')[0]?.trimEnd() ?? '';
  if (RESERVED.test(stem)) text = clipBytes(`_${text}`, maxBytes);
  return text === '' ? fallback : text;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** YYYY-MM-DD and HH-MM-SS in local time: what the user's clock said, with no `:` (illegal on Windows). */
export function localDate(epochMs: number): string {
  const date = new Date(epochMs);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
export function localTime(epochMs: number): string {
  const date = new Date(epochMs);
  return `${pad(date.getHours())}-${pad(date.getMinutes())}-${pad(date.getSeconds())}`;
}

/** Characters of the prompt a name carries: enough to recognise it, short enough to read in a file list. */
export const PROMPT_NAME_LENGTH = 60;

/** The prompt on one line, cut after its last whole word that fits in PROMPT_NAME_LENGTH characters. */
function promptForName(prompt: string): string {
  const collapsed = prompt.replace(/\s+/g, ' ').trim();
  return clipToBudget(collapsed, codePoints, PROMPT_NAME_LENGTH).trim();
}

/**
 * A file name (without extension) from a template such as `{date}_{time}_{prompt}`. `index`: the
 * item's 0-based place in a batch of `total`, so `{index}` counts from 1 with as many digits as the
 * largest index (`007` of 120). `{date}` and `{time}` are when the image was made, in local time; the
 * export time `_now` is accepted for callers that have it but not used. Unknown tokens stay as
 * written; the result is sanitized.
 */
export function renderNamingTemplate(template: string, item: LibraryItem, index: number, total: number, _now?: number): string {
  const width = String(Math.max(total, index + 1, 1)).length;
  const values: Readonly<Record<string, string>> = {
    date: localDate(item.createdAt),
    time: localTime(item.createdAt),
    // An import without a prompt of its own is known by its title (its file name) instead.
    prompt: promptForName(item.prompt.trim() !== '' ? item.prompt : (item.title ?? '')),
    aspect: item.aspectRatio.replace(':', 'x'),
    id: item.id,
    index: pad(index + 1, width),
    request_id: item.requestId ?? '',
  };
  const rendered = template.replace(/\{([a-z_]+)\}/g, (token, name: string) => (Object.hasOwn(values, name) ? (values[name] ?? '') : token));
  return sanitizeFileName(rendered);
}

/** How names compare on macOS and Windows file systems: case-insensitively, after normalisation. */
export const nameKey = (name: string): string => name.normalize('NFC').toLowerCase();

/**
 * `name` itself when its key is not in `taken`, else `name-2.ext`, `name-3.ext` … The chosen name's
 * key is added to `taken`, so successive calls with one set never hand out the same name twice.
 * `companions` names files that travel with it (a sidecar `name.ext.json`): they must be free too,
 * and are reserved with it.
 */
export function uniqueName(name: string, taken: Set<string>, companions: (candidate: string) => string[] = () => []): string {
  const dot = name.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  const isFree = (candidate: string) => [candidate, ...companions(candidate)].every((each) => !taken.has(nameKey(each)));
  let candidate = name;
  for (let n = 2; !isFree(candidate); n += 1) candidate = `${stem}-${n}${extension}`;
  for (const each of [candidate, ...companions(candidate)]) taken.add(nameKey(each));
  return candidate;
}
