/**
 * encode, decode and list: names to encodings and back, over the table in fields.json.
 */
import {
  encodingParts,
  encodingProblem,
  formatEncoding,
  parseEncoding,
  type Access,
  type FieldType,
  type Width,
} from './encoding.js';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { fieldByEncoding, fields, lookupName, normalizeName, suggestNames, type Field } from './table.js';

/** What encode and decode say about one encoding. */
export interface FieldInfo {
  /** Canonical name (`GUEST_CR0`, `IO_BITMAP_A_HIGH`), or null for a well-formed encoding no field uses. */
  name: string | null;
  /** The SDM title (`Guest CR0`), or null for an encoding no field uses. */
  title: string | null;
  /** The encoding as a number (0x6800); the JSON gives it as the hex string `"0x00006800"` (`formatEncoding`). */
  encoding: number;
  /** 16, 32, 64 or natural: bits 14:13 of the encoding (SDM §26.11.2). */
  width: Width;
  type: FieldType;
  index: number;
  access: Access;
}

/** The result of `encode()`: the field (`ok: true`, with `FieldInfo`), or the unknown-name diagnostic and the nearest names. */
export type EncodeResult =
  | ({ input: string; ok: true } & FieldInfo)
  | { input: string; ok: false; diagnostic: Diagnostic; suggestions: string[] };

/** The result of `decode()`: the field (`ok: true`; `known` is false for a well-formed encoding no field uses), or why the text is no encoding. */
export type DecodeResult =
  | ({ input: string; ok: true; known: boolean } & FieldInfo)
  | { input: string; ok: false; diagnostic: Diagnostic };

/** What encode and decode say about an encoding: its field's name and title (null for one no field uses) and the parts the encoding's bits give (SDM §26.11.2). */
export function fieldInfo(encoding: number, field: Field | undefined = fieldByEncoding(encoding)): FieldInfo {
  return {
    name: field?.name ?? null,
    title: field?.title ?? null,
    encoding,
    ...encodingParts(encoding),
  };
}

/** Resolve a name, alias or SDM title to its encoding; `suggest: false` skips "did you mean" (costly on many unknown names). */
export function encode(input: string, options: { suggest?: boolean } = {}): EncodeResult {
  const field = lookupName(input);
  if (field) return { input, ok: true, ...fieldInfo(field.encoding, field) };
  const suggestions = options.suggest === false ? [] : suggestNames(input);
  return { input, ok: false, diagnostic: diagnostic('unknown-name', { input, suggestions }), suggestions };
}

/** Decode an encoding written in hex (`0x00006800`, `0x6800`, `6800`, `00006800H`). */
export function decode(input: string): DecodeResult {
  const encoding = parseEncoding(input);
  if (encoding === null) return { input, ok: false, diagnostic: diagnostic('not-hex', { input }) };
  const problem = encodingProblem(encoding);
  if (problem) {
    const { code, ...args } = problem;
    return { input, ok: false, diagnostic: diagnostic(code, { input, ...args }) };
  }
  const field = fieldByEncoding(encoding);
  return { input, ok: true, known: field !== undefined, ...fieldInfo(encoding, field) };
}

/** Filters of `list()`; every one given must match. */
export interface ListOptions {
  /** Substring of the name, an alias or the title (case, spaces and punctuation ignored). */
  pattern?: string;
  type?: FieldType;
  width?: Width;
  /** Also list the high halves of 64-bit fields. */
  high?: boolean;
}

/** One field of `list()`: `FieldInfo` plus its SDM table, aliases, and the condition or status the table gives it. */
export interface ListEntry extends FieldInfo {
  name: string;
  title: string;
  sdm: string;
  aliases: readonly string[];
  condition?: string;
  status?: string;
}

/** The table, filtered, ordered by encoding. */
export function list(options: ListOptions = {}): ListEntry[] {
  const pattern = options.pattern ? normalizeName(options.pattern) : undefined;
  // A pattern with no letter or digit in it ("!!!") can match no name; an empty one is no filter.
  if (pattern === '') return [];
  const out: ListEntry[] = [];
  for (const f of [...fields].sort((a, b) => a.encoding - b.encoding)) {
    if (options.type && f.type !== options.type) continue;
    if (options.width && f.width !== options.width) continue;
    const halves = [f];
    if (options.high && f.width === '64') halves.push(fieldByEncoding(f.encoding + 1)!);
    for (const h of halves) {
      if (pattern && ![h.name, h.title, ...h.aliases, ...(h.entry.formerTitles ?? [])].some((k) => normalizeName(k).includes(pattern))) continue;
      const e: ListEntry = { ...fieldInfo(h.encoding, h), name: h.name, title: h.title, sdm: h.entry.sdm, aliases: h.aliases };
      if (h.entry.condition) e.condition = h.entry.condition;
      if (h.entry.status) e.status = h.entry.status;
      out.push(e);
    }
  }
  return out;
}

/**
 * A field named in a dump: an encoding in hex or a name, alias or title.
 * Returns the encoding (known or not) or undefined when the text names nothing.
 */
export function resolveField(text: string): number | undefined {
  const t = text.trim();
  if (/^0x/i.test(t)) {
    const enc = parseEncoding(t);
    return enc !== null && encodingProblem(enc) === null ? enc : undefined;
  }
  return lookupName(t)?.encoding ?? (() => {
    const enc = parseEncoding(t);
    return enc !== null && fieldByEncoding(enc) ? enc : undefined;
  })();
}
