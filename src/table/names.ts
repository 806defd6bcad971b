/**
 * The name index: every canonical name, alias, SDM title and former title of the table,
 * normalized, to its encoding. The build computes it once (scripts/embed-fields.mjs, with
 * buildNameIndex below) and ships it as dist/table/names-data.js, so that looking a name up does
 * no work at start-up and `vmcs encode NAME` never parses the whole table (./lookup.ts).
 */
import { encodingParts } from './encoding.js';
import type { FieldsFile } from './table.js';

/** Normalized name -> encoding. */
export type NameIndex = Readonly<Record<string, number>>;

/** Lower-case, letters and digits only: "Guest-CR0", "guest cr0" and "GUEST_CR0" all become "guestcr0". */
export function normalizeName(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * The index, in order of precedence: the canonical names (of full fields and high halves)
 * first, then the titles, aliases and former titles, then what a title's parentheses give
 * ("EPT pointer (EPTP)" is also "EPT pointer" and "EPTP") where no other field claims it.
 */
export function buildNameIndex(file: FieldsFile): Record<string, number> {
  const index: Record<string, number> = Object.create(null) as Record<string, number>;
  const add = (key: string, encoding: number): void => {
    const k = normalizeName(key);
    if (k && !(k in index)) index[k] = encoding;
  };
  for (const entry of file.fields) {
    index[normalizeName(entry.name)] = parseInt(entry.encoding, 16);
    if (entry.high) index[normalizeName(entry.name + '_HIGH')] = parseInt(entry.high.encoding, 16);
  }
  const derived: Array<[string, number]> = [];
  for (const entry of file.fields) {
    const encoding = parseInt(entry.encoding, 16);
    for (const key of [entry.title, ...entry.aliases, ...(entry.formerTitles ?? [])]) add(key, encoding);
    const paren = /^(.*\S)\s*\(([^;)]*)\)$/.exec(entry.title);
    if (paren) derived.push([paren[1]!, encoding], [paren[2]!, encoding]);
    if (entry.high) for (const key of [entry.high.title, ...entry.high.aliases]) add(key, parseInt(entry.high.encoding, 16));
  }
  for (const [key, encoding] of derived) add(key, encoding);
  return index;
}

/**
 * The encoding a name resolves to, matched case-insensitively with spaces, hyphens and
 * punctuation ignored. `NAME_HIGH`, "Title (high)" and `NAME_HI` select the high half of a
 * 64-bit field; `NAME_FULL` its full half. (Every 64-bit field of the table has a high half:
 * the build checks it.)
 */
export function resolveName(index: NameIndex, text: string): number | undefined {
  return resolveNormalized(index, normalizeName(text));
}

/** A name's access suffixes (`GUEST_PAT_HIGH`, `Guest IA32_PAT (full)`) and the half each names. */
const ACCESS_SUFFIXES = [['high', 'high'], ['full', 'full'], ['hi', 'high']] as const;

/** resolveName of a key already normalised (normalizeName): the same answer without normalising again. */
export function resolveNormalized(index: NameIndex, key: string): number | undefined {
  if (!key) return undefined;
  const direct = index[key];
  if (typeof direct === 'number') return direct;
  for (const [suffix, access] of ACCESS_SUFFIXES) {
    if (key.length > suffix.length && key.endsWith(suffix)) {
      const base = index[key.slice(0, -suffix.length)];
      if (typeof base === 'number') {
        const parts = encodingParts(base);
        if (parts.width === '64' && parts.access === 'full') return access === 'high' ? base + 1 : base;
      }
    }
  }
  return undefined;
}
