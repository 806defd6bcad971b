/**
 * The field table: fields.json at the package root (through ./data.ts), and the indexes built over it.
 * Width, type, index and access come from the encoding (./encoding.ts), never from the table.
 */
import { encodingParts, type Access, type FieldType, type Width } from './encoding.js';
import { core, encodings, entry as entryAt, fieldsFile as file, type FieldCore } from './data.js';
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

/**
 * Fields are made on their first lookup (a dump of one kind touches about half of the ~290
 * encodings), from the encodings the build lists (`encodings` of ./data.ts) and what decoding
 * reads of their entry (`core`); `aliases` and `entry` are getters that read the entry whole on
 * first use (in the CLI bundles, the entry's own part of the table, with its aliases and notes).
 * Slot 2i is entry i's field, 2i + 1 its high half.
 */
const made: Array<Field | undefined> = [];
/** Encoding to slot, made on the first lookup. */
let slots: Map<number, number> | undefined;

function slotOf(encoding: number): number | undefined {
  if (slots === undefined) {
    slots = new Map();
    for (let s = 0; s < encodings.length; s++) if (s % 2 === 0 || encodings[s] !== 0) slots.set(encodings[s]!, s);
  }
  return slots.get(encoding);
}

function fieldAt(slot: number): Field {
  let f = made[slot];
  if (f === undefined) {
    const i = slot >> 1;
    const encoding = encodings[slot]!;
    const c = core(i);
    // the same properties in the same order as an object made of the entry at once
    f =
      slot % 2 === 0
        ? {
            encoding,
            name: c.name,
            title: c.title,
            get aliases(): readonly string[] {
              return entryAt(i).aliases;
            },
            get entry(): FieldEntry {
              return entryAt(i);
            },
            ...encodingParts(encoding),
          }
        : {
            encoding,
            name: c.name + '_HIGH',
            title: c.high!.title,
            get aliases(): readonly string[] {
              return entryAt(i).high!.aliases;
            },
            get entry(): FieldEntry {
              return entryAt(i);
            },
            ...encodingParts(encoding),
          };
    made[slot] = f;
  }
  return f;
}

/** What decoding reads of a field's entry (`layout`, `layoutMask`): of a field of this table, without reading its entry whole. */
export function entryCore(field: { entry: unknown; encoding?: number }): FieldCore {
  const slot = field.encoding === undefined ? undefined : slotOf(field.encoding);
  return slot !== undefined && made[slot] === field ? core(slot >> 1) : (field.entry as FieldCore);
}

let allFields: Field[] | undefined;
function every(): Field[] {
  if (allFields === undefined) {
    allFields = [];
    for (let s = 0; s < encodings.length; s += 2) allFields.push(fieldAt(s));
  }
  return allFields;
}

/**
 * Every field (full encodings), in table order: an array made on its first use (a read-only view
 * of it, so that importing this module makes no field).
 */
export const fields: readonly Field[] = new Proxy([] as Field[], {
  get: (_t, k) => Reflect.get(every(), k),
  has: (_t, k) => Reflect.has(every(), k),
  ownKeys: () => Reflect.ownKeys(every()),
  getOwnPropertyDescriptor: (_t, k) => {
    const d = Reflect.getOwnPropertyDescriptor(every(), k);
    // the target's own `length` is not configurable: the proxy must report it as the target does
    if (d && k === 'length') d.configurable = false;
    return d;
  },
  set: () => false,
  defineProperty: () => false,
  deleteProperty: () => false,
});

export { normalizeName } from './names.js';

/** The field or high half with this encoding, if the table has one. */
export function fieldByEncoding(encoding: number): Field | undefined {
  const slot = slotOf(encoding);
  return slot === undefined ? undefined : fieldAt(slot);
}

/** Every encoding of the table (full and high), sorted. */
export function allEncodings(): Field[] {
  const out: Field[] = [];
  for (let s = 0; s < encodings.length; s++) if (s % 2 === 0 || encodings[s] !== 0) out.push(fieldAt(s));
  return out.sort((a, b) => a.encoding - b.encoding);
}

/**
 * Resolve a field name: the canonical name, any alias, the SDM title or a former SDM title,
 * matched case-insensitively with spaces, hyphens and punctuation ignored. `NAME_HIGH`,
 * "Title (high)" and `NAME_HI` select the high half of a 64-bit field; `NAME_FULL` its full half.
 */
export function lookupName(text: string): Field | undefined {
  const encoding = lookupEncoding(text);
  return encoding === undefined ? undefined : fieldByEncoding(encoding);
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
    keyHistograms = Object.keys(index).map((k): [string, Field, Uint8Array] => [k, fieldByEncoding(index[k]!)!, histogram(k)]);
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
