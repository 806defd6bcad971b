/**
 * The field table: fields.json at the package root (through ./data.ts), and the indexes built over it.
 * Width, type, index and access come from the encoding (./encoding.ts), never from the table.
 */
import { encodingParts, type Access, type FieldType, type Width } from './encoding.js';
import { fieldsFile as file } from './data.js';
import titleWords from './title-words-data.js';
import { normalizeName } from './names.js';
import { lookupEncoding, nameIndex } from './lookup.js';
import { editDistance as distance } from './distance.js';

/** One field as fields.json stores it. */
export interface FieldEntry {
  name: string;
  title: string;
  encoding: string;
  sdm: string;
  status?: 'removed' | 'newer';
  statusNote?: string;
  condition?: string;
  note?: string;
  formerTitles?: string[];
  aliases: string[];
  high?: { encoding: string; title: string; aliases: string[] };
}

/** The parsed fields.json: the field entries, the SDM edition its references follow, and the projects its aliases come from. */
export interface FieldsFile {
  about: string;
  sdm: Record<string, string>;
  aliasSources: Record<string, string>;
  fields: FieldEntry[];
}

/**
 * One encoding of the table: a field, or the high half of a 64-bit field.
 * `field` is the table entry it belongs to.
 */
export interface Field {
  encoding: number;
  name: string;
  title: string;
  width: Width;
  type: FieldType;
  index: number;
  access: Access;
  aliases: readonly string[];
  entry: FieldEntry;
}

/** The raw table, as fields.json holds it. */
export const fieldsFile: FieldsFile = file;

/** Every field (full encodings), in table order. */
export const fields: readonly Field[] = [];
const byEncoding = new Map<number, Field>();

export { normalizeName } from './names.js';

for (const entry of file.fields) {
  const encoding = parseInt(entry.encoding, 16);
  const full: Field = { encoding, name: entry.name, title: entry.title, aliases: entry.aliases, entry, ...encodingParts(encoding) };
  (fields as Field[]).push(full);
  byEncoding.set(encoding, full);
  if (entry.high) {
    const he = parseInt(entry.high.encoding, 16);
    byEncoding.set(he, { encoding: he, name: entry.name + '_HIGH', title: entry.high.title, aliases: entry.high.aliases, entry, ...encodingParts(he) });
  }
}

/** The field or high half with this encoding, if the table has one. */
export function fieldByEncoding(encoding: number): Field | undefined {
  return byEncoding.get(encoding);
}

/** Every encoding of the table (full and high), sorted. */
export function allEncodings(): Field[] {
  return [...byEncoding.values()].sort((a, b) => a.encoding - b.encoding);
}

/**
 * Resolve a field name: the canonical name, any alias, the SDM title or a former SDM title,
 * matched case-insensitively with spaces, hyphens and punctuation ignored. `NAME_HIGH`,
 * "Title (high)" and `NAME_HI` select the high half of a 64-bit field; `NAME_FULL` its full half.
 */
export function lookupName(text: string): Field | undefined {
  const encoding = lookupEncoding(text);
  return encoding === undefined ? undefined : byEncoding.get(encoding);
}

/** Letter counts of a normalised name (a-z, 0-9): 36 counters. */
function histogram(s: string): Uint8Array {
  const h = new Uint8Array(36);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const k = c >= 97 ? c - 97 : c - 48 + 26;
    if (k >= 0 && k < 36 && h[k]! < 255) h[k]!++;
  }
  return h;
}

/**
 * A lower bound of the edit distance from letter counts: an edit adds at most one letter and
 * removes at most one, so the distance is at least the larger of what one has in excess of
 * the other and the reverse. It rules out most names in 36 steps instead of a full table.
 */
function histogramBound(a: Uint8Array, b: Uint8Array): number {
  let more = 0;
  let less = 0;
  for (let i = 0; i < 36; i++) {
    const d = a[i]! - b[i]!;
    if (d > 0) more += d;
    else less -= d;
  }
  return more > less ? more : less;
}


/** The keys with their letter counts, made once. */
let keyHistograms: Array<[string, Field, Uint8Array]> | undefined;

/** Up to `limit` canonical names close to what was typed, best first. */
export function suggestNames(text: string, limit = 3): string[] {
  const key = normalizeName(text);
  if (!key) return [];
  const max = Math.max(2, Math.floor(key.length / 3));
  const best = new Map<string, number>();
  if (keyHistograms === undefined) {
    const index = nameIndex();
    keyHistograms = Object.keys(index).map((k): [string, Field, Uint8Array] => [k, byEncoding.get(index[k]!)!, histogram(k)]);
  }
  const hk = histogram(key);
  for (const [k, f, h] of keyHistograms) {
    let d = Math.abs(key.length - k.length) > max || histogramBound(hk, h) > max ? max + 1 : distance(key, k, max);
    // A typed fragment of a longer name ("cr0" -> GUEST_CR0) is a good hint too.
    if (d > max && key.length >= 3 && k.includes(key)) d = max;
    if (d <= max) {
      const prev = best.get(f.name);
      if (prev === undefined || d < prev) best.set(f.name, d);
    }
  }
  return [...best.entries()]
    .sort((a, b) => a[1] - b[1] || a[0].length - b[0].length || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([name]) => name);
}

/**
 * Longest title, in words (as `title.split(/\s+/)` counts them), of any title, high-half title or
 * former title: how far back from a separator a dump line's field name can reach. Counted by the
 * build (scripts/embed-fields.mjs, dist/table/title-words-data.js): joining the ~400 titles,
 * testing them for blanks other than single spaces and splitting each at every start was ~2 M
 * instructions of every start-up of `vmcs annotate` and `vmcs check` (test/startup-work.test.js
 * compares it with the table).
 */
export const maxTitleWords: number = titleWords;

const suggestionMemo = new Map<string, string[]>();

/**
 * A copy of a string that shares no memory with the string it was cut from: V8 keeps a
 * substring of 13 characters or more as a view of its parent (a whole 64 KiB input chunk), and
 * a cache must not pin those.
 */
export function detached(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** suggestNames, remembered: logs repeat their mistakes. */
export function suggestNamesCached(text: string): string[] {
  let r = suggestionMemo.get(text);
  if (r === undefined) {
    r = suggestNames(text);
    if (suggestionMemo.size < 1024) suggestionMemo.set(detached(text), r);
  }
  return r;
}

/** The remembered suggestions of a name, if any (no computation). */
export function suggestNamesRemembered(text: string): string[] | undefined {
  return suggestionMemo.get(text);
}
