/**
 * The field table: fields.json at the package root (through ./data.ts), and the indexes built over it.
 * Width, type, index and access come from the encoding (./encoding.ts), never from the table.
 */
import { encodingParts, type Access, type FieldType, type Width } from './encoding.js';
import { fieldsFile as file } from './data.js';
import { normalizeName } from './names.js';
import { lookupEncoding, nameIndex } from './lookup.js';

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

/** Levenshtein distance, bounded: returns max+1 as soon as the distance must exceed max. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/** Up to `limit` canonical names close to what was typed, best first. */
export function suggestNames(text: string, limit = 3): string[] {
  const key = normalizeName(text);
  if (!key) return [];
  const max = Math.max(2, Math.floor(key.length / 3));
  const best = new Map<string, number>();
  for (const k in nameIndex) {
    const f = byEncoding.get(nameIndex[k]!)!;
    let d = distance(key, k, max);
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

/** Longest title, in words: how far back from a separator a dump line's field name can reach. */
export const maxTitleWords = Math.max(
  ...file.fields.flatMap((e) => [e.title, e.high?.title ?? '', ...(e.formerTitles ?? [])]).map((t) => t.split(/\s+/).length),
);

let prefixes: Set<string> | undefined;

/**
 * Whether an identifier starts the way field identifiers do (GUEST_, HOST_, VMCS_, VMX_,
 * control::, ...): outside a dump, only such unknown identifiers are worth a diagnostic.
 */
export function looksLikeFieldName(token: string): boolean {
  if (!prefixes) {
    prefixes = new Set();
    for (const f of byEncoding.values()) {
      for (const k of [f.name, ...f.aliases]) {
        const first = k.split(/_|::/)[0];
        if (first && first.length >= 2) prefixes.add(first.toUpperCase());
      }
    }
  }
  const first = token.split(/_|::/)[0];
  return first !== undefined && prefixes.has(first.toUpperCase());
}

const suggestionMemo = new Map<string, string[]>();

/** suggestNames, remembered: logs repeat their mistakes. */
export function suggestNamesCached(text: string): string[] {
  let r = suggestionMemo.get(text);
  if (r === undefined) {
    r = suggestNames(text);
    if (suggestionMemo.size < 1024) suggestionMemo.set(text, r);
  }
  return r;
}
