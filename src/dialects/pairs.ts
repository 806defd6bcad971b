/**
 * The "pairs" dialect: one field and its value per line, as hobby hypervisors and debug
 * prints write them.
 *
 *   [  12.3] vmx: 0x00006800 = 0x0000000080050033
 *   GUEST_CR0: 80050033
 *   Guest CR0 -> 0x80050033
 *   VMCS[0x6800] = 0x80050033
 *   6800 80050033
 *
 * The value is the last token of the line (hex, `0x` optional); the field is what stands
 * before the separator (`=`, `:`, `->`, `[ENC] =` or whitespace): an encoding, a name or
 * alias, or the SDM title. Whatever stands before the field (timestamps, `vmx:`) is ignored.
 * A line of several `NAME sep value` groups (`GUEST_RIP=0x1 GUEST_RSP=0x2`) that names a field
 * gives every group (pairGroups), never the last alone; so does a run of encodings and values
 * parted by blanks alone (`6800 80050033 6802 1234`: blankRun).
 *
 * Other shapes printing code writes: a vmread's result before its call (`0x80050033 =
 * vmread(0x6800)`, valueFirst) and a vmwrite's arguments (`vmwrite(0x6800, 0x80050033);`,
 * writeCall), a struct member path (`vcpu->vmcs.guest_RIP=0x…`, memberField), hex with MASM's
 * `h` suffix (`80050033h`, hSuffixed). An index in brackets (`vmcs[0x010]`) is no encoding.
 *
 * A line whose first non-blank character is `#` is a comment and never a field: `# GUEST_RIP =
 * 0x1` in a commented-out template, `#define GUEST_RIP 0x681e` in a pasted header (whose number
 * is an encoding, not a value). No dump this project has seen (test/fixtures/samples: KVM, Xen,
 * QEMU, HAXM, hvext, bhyve, VirtualBox, trace-cmd) writes a value on such a line; trace-cmd's
 * `# tracer: nop` header is one too.
 */
import { encodingProblem, parseEncoding, valueDigits, type EncodingProblem } from '../table/encoding.js';
import { diagnostic } from '../diagnostics.js';
import { detached, fieldByEncoding, lookupName, maxTitleWords } from '../table/table.js';
import { lookupEncodingNormalized, mayStartKey } from '../table/lookup.js';
import { normalizeName } from '../table/names.js';
import type { LineDialect, LineSink } from './types.js';
import { countTokens, isWordCode, reportUnknown } from './common.js';
import { readNoahLine } from './noah.js';

export type PairLine =
  /**
   * A field and its value; `encoding` may be one no field uses (well-formed, written in hex).
   * `unplaced`: numbers before it that no field takes (a run of numbers parted by blanks, blankRun).
   */
  | { kind: 'field'; encoding: number; digits: string; token: string; unplaced?: string }
  /** Looks like a field line, but the name is not one the table knows. */
  | { kind: 'unknown-name'; token: string; value: string }
  /** A malformed encoding written where a field goes (`0x6801 = 5`, `VMCS[0x8000] = 1`). */
  | { kind: 'invalid-encoding'; token: string; problem: EncodingProblem; bracketed: boolean }
  /**
   * A known field followed by something that is not a hex value. `loose`: no separator between
   * them (`GUEST_RIP see below`): a dump's line, or prose that names a field (`GUEST_RIP is
   * wrong`): reported in a pairs dump or just before its first field, else skipped as other text.
   */
  | { kind: 'invalid-value'; encoding: number; token: string; value: string; loose?: boolean }
  /**
   * `vmcs[0x010] = 0x…`: an index into the VMCS region written in brackets as three digits below
   * 0x400 (XMHF's lhv prints the region's 32-bit words so, `vmcs[0x%03x]`), not a field's
   * encoding: the format of the region's data is the processor's own (SDM §26.2, Table 26-1; §25.2 in 2022-2024 editions), so no field can be named
   * from it. Reported (unplaced-line), never read as a field.
   */
  | { kind: 'index' }
  /**
   * A line of two or more `NAME sep value` groups of which at least one names a field
   * (`GUEST_RIP=0x1 GUEST_RSP=0x2`): every group, left to right (pairGroups). `known`: the groups
   * that name a field (read, or reported when their value is garbled).
   */
  | {
      kind: 'fields';
      groups: PairGroup[];
      known: number;
      /** Read from a run of numbers parted by blanks alone (`6800 80050033 6802 1234`: blankRun). */
      run?: boolean;
      /** Numbers of such a run before its pairs that no field takes (reported: unplaced-line). */
      unplaced?: string;
    };

/** One `NAME sep value` group of a line of several (a PairLine of kind `fields`). */
export type PairGroup =
  | { kind: 'field'; encoding: number; digits: string; token: string }
  | { kind: 'unknown-name'; token: string; value: string }
  | { kind: 'invalid-encoding'; token: string; problem: EncodingProblem; bracketed: boolean }
  /** A known field whose value is no hex number (`GUEST_RIP=0xZZ`): reported, never dropped. */
  | { kind: 'invalid-value'; encoding: number; token: string; value: string };

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 0xa0 || c === 13 || c === 11 || c === 12;
}

const IDENT_RE = /^[A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)?$/;
const HEX_TOKEN_RE = /^(0[xX])?[0-9a-fA-F]+$/;
/** `NAME = junk` or `0xENC: junk` (the rightmost such pair), to report a value we cannot read. */
const INVALID_VALUE_RE = /^.*(?:^|[\s\]])((?:[A-Za-z_]\w*(?:::\w+)?)|(?:0[xX][0-9a-fA-F]+))\s*(?:=|:|->)\s*(\S.*)$/;

/**
 * The word right before `[ENC]` in the bracketed form: the README's forms are `VMCS[0x6800]`,
 * `vmcs_read[GUEST_CR0]` and a bare `[6800]`; a vmread/vmwrite wrapper names the same thing.
 * Any other `name[N] = v` (`stack[0]`, `regs[0]:`, `vmcs_guest_cr0[0]`) is an array element,
 * not a VMCS field (reliability report F13).
 */
const BRACKET_OWNER_RE = /^(?:n?vmcs(?:12|02|01)?(?:_?(?:read|write|field|rd|wr))?|vm_?(?:read|write)|)$/i;

/**
 * The word before `(ENC)` of a vmread wrapper's call printed with its result: `vmread(0x6800) =
 * 80050033` (SHV, XMHF's lhv: `printf("vmread(0x%04x) = %08lx\n", ...)`), `__vmx_vmread(...)`,
 * `vmcs_read(...)`, `vmread64(...)`.
 */
const CALL_OWNER_RE = /^_*(?:vmx_)?(?:vm|vmcs)_?(?:read|rd)(?:16|32|64|_?nw)?$/i;

function ownerBefore(text: string, open: number): string {
  let start = open;
  while (start > 0 && /[A-Za-z0-9_]/.test(text[start - 1]!)) start--;
  return text.slice(start, open);
}

type FieldText = PairLine | { kind: 'none' } | { kind: 'encoding'; encoding: number; token: string };

/**
 * The text resolveFieldText resolved last in the line parsePairLine reads, and what it gave:
 * a line whose last group's value is garbled (`EXT4-fs (sda1): ... errors=remount-ro`) has the
 * same text resolved by invalidValue and again by pairGroups. Cleared when parsePairLine
 * returns (the text is cut from the input: nothing keeps it after).
 */
let lastText: string | null = null;
let lastResult: FieldText = { kind: 'none' };
let lastAt = 0;
/** The resolvedAt and fieldStart that resolution set, or -2 where it set none. */
let lastFieldStart = -2;

/**
 * A field named inside brackets or a call's parentheses, ending the text: `VMCS[0x6800]`,
 * `vmcs_read[GUEST_CR0]`, `[6800]`, `vmread(0x6800)` (apart from resolveFieldTextOnce, whose
 * fast path stays small: these are rare).
 */
function resolveOwned(text: string, close: number): PairLine | { kind: 'encoding'; encoding: number; token: string } | null {
  const bracket = close === 93;
  const open = text.lastIndexOf(bracket ? '[' : '(');
  // (a bracket may open the text, `[6800]`; a call has its function's name before it)
  if (bracket ? open < 0 : open <= 0) return null;
  const owner = ownerBefore(text, open);
  if (!(bracket ? BRACKET_OWNER_RE : CALL_OWNER_RE).test(owner)) return null;
  resolvedAt = open - owner.length;
  const inner = text.slice(open + 1, -1).trim();
  // (lhv's word index, `vmcs[0x010]`: a word of the region, no encoding)
  if (bracket && SHORT_INDEX_RE.test(inner)) return { kind: 'index' };
  return resolveToken(inner, true) ?? malformedEncoding(inner, true);
}

/**
 * A struct member path ending `text` from `cut` (`vcpu->vmcs.guest_RIP`, `vmcs->guest_cr0`): its
 * last member names the field (an unknown name when it is an identifier with a `_` no field has).
 */
function memberField(text: string, cut: number): FieldText | null {
  if (text.indexOf('.', cut) < 0 && text.indexOf('->', cut) < 0) return null;
  const m = MEMBER_PATH_RE.exec(trimPunct(text.slice(cut)));
  if (!m) return null;
  const member = resolveToken(m[1]!, false);
  if (member === null && !m[1]!.includes('_')) return null;
  fieldStart = cut;
  resolvedAt = cut;
  return member ?? { kind: 'unknown-name', token: m[1]!, value: '' };
}

/**
 * A C struct member path (`vcpu->vmcs.guest_RIP`, `vmcs->guest_cr0`, `g_vcpu[0].vmcs.guest_rip`):
 * XMHF's lhv prints `vcpu->vmcs.NAME=0x…`, hobby hypervisors `vmcs->NAME: 0x…`; the last member
 * names the field.
 */
const MEMBER_PATH_RE = /^[A-Za-z_]\w*(?:\[\w+\])?(?:(?:\.|->)[A-Za-z_]\w*(?:\[\w+\])?)*(?:\.|->)([A-Za-z_]\w*)$/;

/**
 * lhv's `0x%03x` of a word's index (0x000-0x3ff: the 1,024 32-bit words of a 4-KiB region): in
 * brackets an index, not an encoding. An encoding printed with `%x` in three digits is 0x800 or
 * more (the 16-bit guest and host fields), in one or two a 16-bit control (`VMCS[0x2]`): those stay fields.
 */
const SHORT_INDEX_RE = /^0[xX][0-3][0-9a-fA-F]{2}$/;

/**
 * Resolve the text before the separator to a field. Where the field's own words start in `text`
 * is left in `resolvedAt` (what stands before them is the line's prefix, or another group), and
 * where its one word starts in `fieldStart` when it is one word.
 */
function resolveFieldText(text: string): FieldText {
  if (text === lastText) {
    if (lastAt !== -2) resolvedAt = lastAt;
    if (lastFieldStart !== -2) fieldStart = lastFieldStart;
    return lastResult;
  }
  // (what it sets, replayed on the same text: -2 where it set nothing, and the value before is kept)
  const at = resolvedAt;
  const start = fieldStart;
  resolvedAt = fieldStart = -2;
  const r = resolveFieldTextOnce(text);
  lastAt = resolvedAt;
  lastFieldStart = fieldStart;
  if (resolvedAt === -2) resolvedAt = at;
  if (fieldStart === -2) fieldStart = start;
  lastText = text;
  lastResult = r;
  return r;
}

function resolveFieldTextOnce(text: string): FieldText {
  // VMCS[0x6800], vmcs_read[GUEST_CR0], [6800]; vmread(0x6800)
  const close = text.charCodeAt(text.length - 1);
  if (close === 93 || close === 41) {
    const owned = resolveOwned(text, close);
    if (owned !== null) return owned;
  }
  // Fast path: an identifier or encoding in one word.
  const fast = hexWordBefore(text, text.length);
  if (fast) {
    resolvedAt = text.length - 10;
    return fast;
  }
  let cut = text.length;
  while (cut > 0 && !isSpace(text.charCodeAt(cut - 1))) cut--;
  // (a word in parentheses, `(EPTP)`, may end a title, `EPT pointer (EPTP)`: the title first)
  const paren = text.charCodeAt(cut) === 40 && cut > 0;
  const one = resolveToken(text.slice(cut), false);
  if (one && !paren) {
    fieldStart = cut;
    resolvedAt = cut;
    return one;
  }
  if (one === null && !paren) {
    const member = memberField(text, cut);
    if (member !== null) return member;
  }
  // the trailing words, as text.split(/\s+/) without its empty strings gives them ([1] the
  // last): no more than a title has, or than the checks below look at; cut out only when used
  const count = trailingWords(text, maxTitleWords > 2 ? maxTitleWords : 2);
  if (count === 0) return { kind: 'none' };
  const last = text.slice(tailStart[1]!, tailEnd[1]!);
  // Titles have spaces: try the longest run of trailing words first. (A phrase's key is its
  // words' keys put together, normalizeName dropping the blanks.)
  const most = Math.min(count, maxTitleWords);
  for (let n = most; n >= 2; n--) {
    // (no title starts with a word of punctuation alone: the `=`, `??` or `,` of a group before)
    if (!hasAlnum(text, tailStart[n]!, tailEnd[n]!)) continue;
    // (the key's first three characters: most phrases of a log's other text are ruled out by
    // them, before any key is made)
    if (!mayStartKey(keyStart(text, n))) continue;
    let key = '';
    for (let k = n; k >= 1; k--) key += normalizeName(text.slice(tailStart[k]!, tailEnd[k]!));
    const encoding = lookupEncodingNormalized(key);
    const f = encoding === undefined ? undefined : fieldByEncoding(encoding);
    if (f) {
      let phrase = text.slice(tailStart[n]!, tailEnd[n]!);
      for (let k = n - 1; k >= 1; k--) phrase += ' ' + text.slice(tailStart[k]!, tailEnd[k]!);
      resolvedAt = wordsStart(text, n);
      return { kind: 'encoding', encoding: f.encoding, token: phrase };
    }
  }
  resolvedAt = cut;
  if (one) {
    fieldStart = cut;
    return one;
  }
  // "4402 VM_EXIT_INFO_REASON:" (HAXM) - a 4-digit encoding, then a name we do not know.
  const lastIdent = trimPunct(last);
  const prevWord = count >= 2 ? text.slice(tailStart[2]!, tailEnd[2]!) : undefined;
  if (prevWord !== undefined && IDENT_RE.test(lastIdent) && lastIdent.includes('_') && /^[0-9a-fA-F]{4}$/.test(prevWord)) {
    const enc = parseInt(prevWord, 16);
    if (fieldByEncoding(enc)) {
      resolvedAt = wordsStart(text, 2);
      return { kind: 'encoding', encoding: enc, token: prevWord };
    }
  }
  const bare = trimPunct(last);
  if (IDENT_RE.test(bare) && bare.includes('_')) return { kind: 'unknown-name', token: bare, value: '' };
  const bad = malformedEncoding(last);
  if (bad) return bad;
  return { kind: 'none' };
}

/** Where the trailing words trailingWords found start and end: [1] the last word, [2] the one before... */
const tailStart: number[] = [];
const tailEnd: number[] = [];

/** Whether a UTF-16 code unit is one of the blanks of a regular expression's `\s`. */
function isRegexSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * The last `max` words of `text` (runs of characters other than `\s`), the last first, into
 * tailStart and tailEnd; returns how many there are, or `max` when there are more.
 */
function trailingWords(text: string, max: number): number {
  let i = text.length;
  let n = 0;
  while (n < max) {
    while (i > 0 && isRegexSpace(text.charCodeAt(i - 1))) i--;
    if (i === 0) break;
    tailEnd[++n] = i;
    while (i > 0 && !isRegexSpace(text.charCodeAt(i - 1))) i--;
    tailStart[n] = i;
  }
  return n;
}

/** Whether `text` has an ASCII letter or digit from `s` to `e`. */
function hasAlnum(text: string, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57)) return true;
  }
  return false;
}

/**
 * The first three characters of the key of the phrase of trailing words n..1 (normalizeName of
 * its words put together), or all of a shorter one, made without the words' keys where the
 * words are ASCII.
 */
function keyStart(text: string, n: number): string {
  let out = '';
  for (let k = n; k >= 1 && out.length < 3; k--) {
    const s = tailStart[k]!;
    const e = tailEnd[k]!;
    let ascii = true;
    for (let i = s; i < e; i++) if (text.charCodeAt(i) >= 128) ascii = false;
    if (!ascii) {
      // (toLowerCase beyond ASCII: the word's key as normalizeName makes it)
      out += normalizeName(text.slice(s, e));
      continue;
    }
    for (let i = s; i < e && out.length < 3; i++) {
      let c = text.charCodeAt(i);
      if (c >= 65 && c <= 90) c += 32;
      if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) out += String.fromCharCode(c);
    }
  }
  return out.length > 3 ? out.slice(0, 3) : out;
}

/** Where resolveFieldText found the field's words to start in its text. */
let resolvedAt = 0;

/** Where the last `n` words of `text` start (blanks after them allowed). */
function wordsStart(text: string, n: number): number {
  let i = text.length;
  while (i > 0 && isSpace(text.charCodeAt(i - 1))) i--;
  for (let k = 0; k < n; k++) {
    if (k > 0) while (i > 0 && isSpace(text.charCodeAt(i - 1))) i--;
    while (i > 0 && !isSpace(text.charCodeAt(i - 1))) i--;
  }
  return i;
}

/**
 * The commonest field word, `0x` and 8 lowercase hex digits, ending at `end` of `text`, as
 * resolveToken resolves it, remembered by its number: no string cut and hashed per line.
 */
function hexWordBefore(text: string, end: number): Resolved | null {
  let cut = end;
  while (cut > 0 && !isSpace(text.charCodeAt(cut - 1))) cut--;
  if (end - cut !== 10 || text.charCodeAt(cut) !== 48 || text.charCodeAt(cut + 1) !== 120) return null;
  let n = 0;
  for (let i = cut + 2; i < end; i++) {
    const c = text.charCodeAt(i);
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
    if (d < 0) return null;
    n = n * 16 + d;
  }
  let r = hexMemo.get(n);
  if (r === undefined) {
    r = resolveToken(text.slice(cut, end), false);
    if (hexMemo.size < MEMO_MAX) hexMemo.set(n, r);
  }
  return r;
}

/** A `0x` (or bracketed) encoding of at most 8 digits whose reserved or access bits are wrong. */
function malformedEncoding(word: string, bracketed = false): PairLine | null {
  const token = trimPunct(word);
  if (!/^0[xX][0-9a-fA-F]{1,8}$/.test(token) && !(bracketed && /^[0-9a-fA-F]{4,8}$/.test(token))) return null;
  const enc = parseEncoding(token);
  if (enc === null || !Number.isFinite(enc)) return null;
  const problem = encodingProblem(enc);
  return problem ? { kind: 'invalid-encoding', token, problem, bracketed } : null;
}

/** The leading characters trimPunct takes off: ( [ { < " ' ` */
function leadPunct(c: number): boolean {
  return c === 40 || c === 91 || c === 123 || c === 60 || c === 34 || c === 39 || c === 96;
}
/** The trailing characters trimPunct takes off: ) ] } > " ' ` : = , ; */
function trailPunct(c: number): boolean {
  return c === 41 || c === 93 || c === 125 || c === 62 || c === 34 || c === 39 || c === 96 || c === 58 || c === 61 || c === 44 || c === 59;
}

function trimPunct(word: string): string {
  // (most words have neither: no regular expression run)
  if (word.length > 0 && !leadPunct(word.charCodeAt(0)) && !trailPunct(word.charCodeAt(word.length - 1))) return word;
  return word.replace(/^[([{<"'`]+|[)\]}>"'`:=,;]+$/g, '');
}

/**
 * One word as a field: a name or alias, or an encoding. `0x`-prefixed encodings may be
 * ones no field uses (they are then flagged, not dropped); bare hex must be a known
 * encoding written with 4 or 8 digits, so that stray numbers in a log are not taken for fields.
 */
type Resolved = { kind: 'encoding'; encoding: number; token: string };

/** Logs repeat the same few hundred field tokens: remember how each resolved. */
const memo = new Map<string, Resolved | null>();
const MEMO_MAX = 4096;
/** The same for words `0x` and 8 lowercase hex digits, by their number. */
const hexMemo = new Map<number, Resolved | null>();

function resolveToken(word: string, bracketed: boolean): Resolved | null {
  const key = bracketed ? '[' + word : word;
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  const r = resolveTokenUncached(word, bracketed);
  // keys detached from the input chunk they were cut from (F7: a cache must not pin input)
  if (memo.size < MEMO_MAX) memo.set(detached(key), r && { ...r, token: detached(r.token) });
  return r;
}

function resolveTokenUncached(word: string, bracketed: boolean): Resolved | null {
  const token = trimPunct(word);
  if (!token) return null;
  if (HEX_TOKEN_RE.test(token)) {
    const prefixed = token[1] === 'x' || token[1] === 'X';
    const enc = parseEncoding(token);
    if (enc === null || !Number.isFinite(enc) || encodingProblem(enc) !== null) return null;
    const digits = prefixed ? token.length - 2 : token.length;
    // Encodings are printed with at most 8 digits; a longer number is a value. Bare zeros
    // ("IDT= 00000000 00000000") are far more often a value than the VPID's encoding.
    if (digits > 8 || (!prefixed && !bracketed && enc === 0)) return lookupName(token) ? { kind: 'encoding', encoding: lookupName(token)!.encoding, token } : null;
    if (fieldByEncoding(enc)) {
      if (prefixed || bracketed || digits === 4 || digits === 8) return { kind: 'encoding', encoding: enc, token };
    } else if ((prefixed || bracketed) && digits >= 4) {
      return { kind: 'encoding', encoding: enc, token };
    }
    // A hex-looking word can still be a name (none today, but do not rule it out).
  }
  const f = lookupName(token);
  return f ? { kind: 'encoding', encoding: f.encoding, token } : null;
}

/** Whether the line's first non-blank character is `#` (a comment: no field). */
export function isCommentLine(line: string): boolean {
  let i = 0;
  while (i < line.length && isSpace(line.charCodeAt(i))) i++;
  return line.charCodeAt(i) === 35;
}

/**
 * Parse one line of a pairs dump; null when the line carries no field (or is a comment). A line
 * of several `NAME sep value` groups that names a field gives every group (kind `fields`).
 */
export function parsePairLine(line: string): PairLine | null {
  if (isCommentLine(line)) return null;
  const p = parsePairText(line);
  lastText = null;
  garbledLine = null;
  garbledEnd = -1;
  return p;
}

function parsePairText(line: string): PairLine | null {
  fieldStart = -1;
  oneEnd = -1;
  if (comparesName(line)) return null;
  const one = parseOnePair(line);
  // a field of one word not right after a value (`… myvmm: 0x00006800 = …`, the common line):
  // no group before it (a field named by one word follows the previous group's value directly),
  // unless a garbled one (`GUEST_RIP=0xZZ GUEST_RSP=0x2`: reported, never taken for a prefix)
  if (one !== null && one.kind === 'field' && fieldStart >= 0 && !groupRightBefore(line, fieldStart)) return one;
  // numbers parted by blanks alone (`6800 80050033 6802 1234`): every pair, never the last alone
  if (one !== null && one.kind === 'field' && oneSep === 32 && fieldStart > 0 && hexWordEndsBefore(line, fieldStart)) {
    const run = blankRun(line, fieldStart, one);
    if (run) return run;
  }
  // (groups of blanks alone, `GUEST_RIP 0x1 GUEST_RSP 0x2`, are named by identifiers with a `_`)
  if (twoSeparators(line) || line.includes('_')) {
    const groups = pairGroups(line);
    if (groups) return groups;
  }
  return one;
}

/**
 * Whether the line compares a name with something (`exit_reason == (2)` of a test's assertion,
 * `if (reason != 0x21)`, `ret >= 0`, `sender == "intelhaxm"`): `==`, `!=`, `<=` and `>=` are no
 * separators, and a line that compares a name (or a call's `)`, an index's `]`) is an expression,
 * not `NAME = value`, whatever the name. After a value the arrow is a reader's note
 * (`GUEST_RIP = 0x2f  <= the bad one`): the pair before it stands.
 */
function comparesName(line: string): boolean {
  for (let i = line.indexOf('=', 1); i > 0; i = line.indexOf('=', i + 1)) {
    const p = line.charCodeAt(i - 1);
    if (p !== 61 && p !== 33 && p !== 60 && p !== 62) continue;
    let k = i - 2;
    while (k >= 0 && isSpace(line.charCodeAt(k))) k--;
    if (k < 0) continue;
    const c = line.charCodeAt(k);
    if (c === 41 || c === 93) return true;
    if (!isWordCode(c)) continue;
    while (k > 0 && isWordCode(line.charCodeAt(k - 1))) k--;
    const first = line.charCodeAt(k);
    if (first === 95 || ((first | 32) >= 97 && (first | 32) <= 122)) return true;
  }
  return false;
}

/**
 * Whether a group may end right before `at`: the word before ends like a value (a hex digit, or
 * the `,`/`;` of a list), or is a value that is no number (`GUEST_RIP=0xZZ`, `GUEST_RIP: zz,`,
 * `GUEST_RIP zz`: a separator inside it, before it, or a name with a `_` before it). A word that
 * ends in a separator is a log's prefix (`vmx:`), as on the common line.
 */
function groupRightBefore(line: string, at: number): boolean {
  let i = at;
  while (i > 0 && isSpace(line.charCodeAt(i - 1))) i--;
  if (i === 0) return false;
  const we = i;
  const last = line.charCodeAt(we - 1);
  if (last === 58 || last === 61 || (last === 62 && line.charCodeAt(we - 2) === 45)) return false;
  if (isHex(last) || last === 44 || last === 59) return true;
  while (i > 0 && !isSpace(line.charCodeAt(i - 1))) i--;
  for (let k = i + 1; k < we; k++) {
    const c = line.charCodeAt(k);
    if ((c === 58 && line.charCodeAt(k + 1) !== 58 && line.charCodeAt(k - 1) !== 58) || c === 61 || (c === 62 && line.charCodeAt(k - 1) === 45)) return true;
  }
  while (i > 0 && isSpace(line.charCodeAt(i - 1))) i--;
  if (i === 0) return false;
  const c = line.charCodeAt(i - 1);
  if (c === 58 || c === 61 || (c === 62 && line.charCodeAt(i - 2) === 45) || nameWordEndsAt(line, i)) return true;
  // the one word may end a title (`… Virtual-processor identifier (VPID)=0x1`, the name VPID):
  // a separator in the words such a title takes leaves it to pairGroups
  // (and a value of several words, `GUEST_RIP: see below`, `GUEST_RIP see below`: garbledWordsAt)
  for (let w = 2; w < maxTitleWords && i > 0; w++) {
    const e = i;
    if (w <= GARBLED_WORDS && nameWordEndsAt(line, e)) return true;
    while (i > 0 && !isSpace(line.charCodeAt(i - 1))) i--;
    for (let k = i; k < e; k++) {
      const d = line.charCodeAt(k);
      if (d === 58 || d === 61 || d === 62) return true;
    }
    while (i > 0 && isSpace(line.charCodeAt(i - 1))) i--;
  }
  return false;
}

/** Whether the word ending at `end` is an identifier with a `_` (`GUEST_RIP`, `exit_reason`). */
function nameWordEndsAt(line: string, end: number): boolean {
  let i = end;
  let under = false;
  while (i > 0) {
    const c = line.charCodeAt(i - 1);
    if (c === 95) under = true;
    else if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))) break;
    i--;
  }
  if (i === end || !under || (i > 0 && !isSpace(line.charCodeAt(i - 1)))) return false;
  const first = line.charCodeAt(i);
  return first === 95 || (first >= 65 && first <= 90) || (first >= 97 && first <= 122);
}

/** Where the one word of the field parseOnePair found starts (-1: several words, or not known). */
let fieldStart = -1;
/**
 * Where the field parseOnePair read by resolveFieldText ends and starts (its words), and what it
 * is, for pairGroups (-1: none read; a 0x+8-digit word, resolved again at next to no cost).
 */
let oneEnd = -1;
let oneAt = 0;
let oneRes: Resolved | null = null;
/** The separator of the field parseOnePair read (32: blanks alone). */
let oneSep = 0;

/**
 * A line ending in three or more numbers parted by blanks alone, whose last two parseOnePair read
 * as a field and its value (`6800 80050033 6802 1234`, `0x6800 0x80050033 0x6802 0x1234`, tab
 * separated columns): the numbers are read as pairs from the end of the line. What makes it
 * unambiguous: each pair's first number is the encoding of a field the table knows, written as a
 * field's encoding is on a line of one (`0x` and up to 8 digits, or 4 or 8 bare digits), and its
 * value fits the field's width. The pairs are read back to the first that is not such a pair; one
 * number left before them is the line's prefix (a CPU number, a counter), as on a line of one;
 * two or more are numbers no field takes, reported with the line (unplaced-line), never read as a
 * field nor dropped without a word. Null: no number before the field (a line of one, as before).
 */
function blankRun(line: string, fieldStart: number, last: Extract<PairLine, { kind: 'field' }>): PairLine | null {
  // the run's words before the field, right to left: [start, end) pairs
  const words: number[] = [];
  let i = fieldStart;
  for (;;) {
    let e = i;
    while (e > 0 && isSpace(line.charCodeAt(e - 1))) e--;
    if (e === i || e === 0) break;
    let s = e;
    while (s > 0 && !isSpace(line.charCodeAt(s - 1))) s--;
    let d = s;
    if (e - s > 2 && line.charCodeAt(s) === 48 && (line.charCodeAt(s + 1) === 120 || line.charCodeAt(s + 1) === 88)) d = s + 2;
    let k = d;
    while (k < e && isHex(line.charCodeAt(k))) k++;
    if (k < e || d === e) break;
    words.push(s, e);
    i = s;
  }
  const n = words.length / 2;
  if (n === 0) return null;
  // right to left: the pair before the field is word 0 (its value) and word 1 (its field), and so on
  const found: PairGroup[] = [];
  let used = 0;
  while (used + 2 <= n) {
    const key = resolveToken(line.slice(words[2 * used + 2]!, words[2 * used + 3]!), false);
    if (key === null || !fieldByEncoding(key.encoding)) break;
    let v = words[2 * used]!;
    const ve = words[2 * used + 1]!;
    if (!fitsField(line, v, ve, key.encoding)) break;
    if (line.charCodeAt(v + 1) === 120 || line.charCodeAt(v + 1) === 88) v += 2;
    found.push({ kind: 'field', encoding: key.encoding, digits: line.slice(v, ve), token: key.token });
    used += 2;
  }
  const left = n - used;
  // one number left after a field's name (`GUEST_CR0 0x1 0x681e 0x2 GUEST_RSP 0x5`): no prefix
  // but a group of names and encodings mixed, which pairGroups reads
  if (left === 1) {
    let e = words[2 * n - 2]!;
    while (e > 0 && isSpace(line.charCodeAt(e - 1))) e--;
    if (nameWordEndsAt(line, e)) {
      let s = e;
      while (s > 0 && !isSpace(line.charCodeAt(s - 1))) s--;
      if (resolveToken(line.slice(s, e), false) !== null) return null;
    }
  }
  // (the words left, as text: from the first word of the run to the last one left)
  const unplaced = left >= 2 ? line.slice(words[2 * n - 2]!, words[2 * used + 1]!) : undefined;
  if (found.length === 0) return unplaced === undefined ? null : { ...last, unplaced };
  found.reverse().push(last);
  return unplaced === undefined ? { kind: 'fields', groups: found, known: found.length, run: true } : { kind: 'fields', groups: found, known: found.length, run: true, unplaced };
}

/** Whether a word ending in a hex digit stands before `at`, blanks between (the cheap test before blankRun). */
function hexWordEndsBefore(line: string, at: number): boolean {
  let i = at;
  while (i > 0 && isSpace(line.charCodeAt(i - 1))) i--;
  return i > 0 && i < at && isHex(line.charCodeAt(i - 1));
}

/** The line's last field and value (what stands before is its prefix). */
function parseOnePair(line: string): PairLine | null {
  let end = line.length;
  while (end > 0 && (isSpace(line.charCodeAt(end - 1)) || line[end - 1] === ',' || line[end - 1] === ';')) end--;
  let start = end;
  while (start > 0 && isHex(line.charCodeAt(start - 1))) start--;
  // (`80050033h`: the line read without its `h`)
  if (start === end) return hSuffixed(line, end) >= 0 ? parseOnePair(line.slice(0, end - 1)) : invalidValue(line);
  let digitsStart = start;
  if (start >= 2 && (line[start - 1] === 'x' || line[start - 1] === 'X') && line[start - 2] === '0') start -= 2;
  // The value must stand apart: preceded by a separator or whitespace.
  let sepEnd = start;
  while (sepEnd > 0 && isSpace(line.charCodeAt(sepEnd - 1))) sepEnd--;
  const hadSpace = sepEnd < start;
  let fieldEnd = sepEnd;
  const c = line[sepEnd - 1];
  oneSep = 32;
  if (c === '=' || c === ':') fieldEnd = sepEnd - 1;
  else if (c === '>' && line[sepEnd - 2] === '-') fieldEnd = sepEnd - 2;
  else if (!hadSpace) return invalidValue(line);
  if (fieldEnd < sepEnd) oneSep = line.charCodeAt(sepEnd - 1);
  while (fieldEnd > 0 && isSpace(line.charCodeAt(fieldEnd - 1))) fieldEnd--;
  if (fieldEnd === 0) return null;
  // the commonest shape (`... 0x00006800 = 0x...`) without cutting the field's text out
  const fast = hexWordBefore(line, fieldEnd);
  if (fast) {
    fieldStart = fieldEnd - 10;
    return { kind: 'field', encoding: fast.encoding, digits: line.slice(digitsStart, end), token: fast.token };
  }
  const r = resolveFieldText(line.slice(0, fieldEnd));
  if (r.kind === 'encoding') {
    oneEnd = fieldEnd;
    oneAt = resolvedAt;
    oneRes = r;
    return { kind: 'field', encoding: r.encoding, digits: line.slice(digitsStart, end), token: r.token };
  }
  if (r.kind === 'none') return null;
  if (r.kind === 'unknown-name') return { ...r, value: line.slice(start, end) };
  return r;
}

/**
 * Where a hex number with the assembler's `h` suffix ending at `end` starts (`80050033h`, `0FFFFh`:
 * MASM and Windows drivers' prints), or -1. Unambiguous only as MASM writes it: hex digits that
 * start with a decimal digit (`0deadh`; `deadh` is a word), then `h` or `H`.
 */
function hSuffixed(line: string, end: number): number {
  const h = line.charCodeAt(end - 1);
  if (h !== 104 && h !== 72) return -1;
  let s = end - 1;
  while (s > 0 && isHex(line.charCodeAt(s - 1))) s--;
  const first = line.charCodeAt(s);
  return s < end - 1 && first >= 48 && first <= 57 ? s : -1;
}

/**
 * A vmread wrapper's result printed before its call, `VALUE = vmread(ENC)` (XMHF's lhv:
 * `printf("CPU(0x%02x): 0x%08lx = vmread(0x%04lx)\n", …)`), the call ending the line at `end`:
 * the field and its value, or null.
 */
function valueFirst(line: string, end: number): PairLine | null {
  const r = resolveOwned(line.slice(0, end), 41);
  if (r === null || r.kind === 'index') return null;
  let i = resolvedAt;
  while (i > 0 && isSpace(line.charCodeAt(i - 1))) i--;
  // `=` alone, not `==`, `!=`, `<=`, `>=`
  if (line.charCodeAt(i - 1) !== 61 || (i >= 2 && '=!<>'.includes(line.charAt(i - 2)))) return null;
  i--;
  while (i > 0 && isSpace(line.charCodeAt(i - 1))) i--;
  const ve = i;
  while (i > 0 && isHex(line.charCodeAt(i - 1))) i--;
  if (i === ve) return null;
  const ds = i;
  if (i >= 2 && (line.charCodeAt(i - 1) === 120 || line.charCodeAt(i - 1) === 88) && line.charCodeAt(i - 2) === 48) i -= 2;
  if (i > 0 && !isSpace(line.charCodeAt(i - 1))) return null;
  if (r.kind !== 'encoding') return r;
  fieldStart = i;
  return { kind: 'field', encoding: r.encoding, digits: line.slice(ds, ve), token: r.token };
}

/** The word before `(ENC, VALUE)` of a vmwrite wrapper's call: `vmwrite`, `__vmx_vmwrite`, `vmcs_write64`. */
const WRITE_OWNER_RE = /^_*(?:vmx_)?(?:vm|vmcs)_?(?:write|wr)(?:16|32|64|_?nw)?$/i;

/**
 * A vmwrite wrapper's call printed with its arguments, ending the line at `end` (`;` allowed):
 * `vmwrite(0x6800, 0x80050033);`, as a VMCS fuzzer's dump_vmcs() prints the state
 * (`wprintf(L"vmwrite(0x%x, 0x%x);\r\n", ...)`) and XMHF's lhv its writes. A call followed by
 * more text (`vmwrite(0x6800, 0x1) => 0x41`, `... failed`) is a failure message: no field.
 */
function writeCall(line: string, end: number): PairLine | null {
  const open = line.lastIndexOf('(', end);
  if (open <= 0) return null;
  const owner = ownerBefore(line, open);
  if (!WRITE_OWNER_RE.test(owner)) return null;
  const args = line.slice(open + 1, end - 1).split(',');
  if (args.length !== 2) return null;
  const enc = args[0]!.trim();
  const value = args[1]!.trim();
  if (!HEX_TOKEN_RE.test(value)) return null;
  const r = resolveToken(enc, true) ?? malformedEncoding(enc, true);
  if (r !== null && r.kind !== 'encoding') return r;
  // (`0x%x` prints an encoding no field uses in 1 to 3 digits too: read under it, and reported)
  const encoding = r !== null ? r.encoding : /^0[xX][0-9a-fA-F]{1,8}$/.test(enc) ? parseInt(enc, 16) : -1;
  if (encoding < 0) return null;
  fieldStart = open - owner.length;
  return { kind: 'field', encoding, digits: value.replace(/^0[xX]/, ''), token: r !== null ? r.token : enc };
}

/**
 * Whether a word with a `_`, or a `0x` number, stands right before a separator (`=`, `:`, `->`;
 * blanks may come between) somewhere in the line. INVALID_VALUE_RE's name is read only when it
 * has a `_` or is an encoding, and then it is such a word: the characters after its `_` or `0x`
 * are word characters (or a `::`, whose first colon is a separator here) up to the blanks and
 * separator the expression matched. A line with none needs no match.
 */
function mayNameBeforeSeparator(line: string): boolean {
  return markBeforeSeparator(line, '_') || markBeforeSeparator(line, '0x') || markBeforeSeparator(line, '0X');
}
function markBeforeSeparator(line: string, mark: string): boolean {
  for (let i = line.indexOf(mark); i !== -1; i = line.indexOf(mark, i + 1)) {
    let j = i + mark.length;
    while (j < line.length && isWordCode(line.charCodeAt(j))) j++;
    while (j < line.length && isRegexSpace(line.charCodeAt(j))) j++;
    const c = line.charCodeAt(j);
    if (c === 61 || c === 58 || (c === 45 && line.charCodeAt(j + 1) === 62)) return true;
  }
  return false;
}

function invalidValue(line: string): PairLine | null {
  const close = listEndBefore(line, line.length);
  if (line.charCodeAt(close - 1) === 41) {
    const first = valueFirst(line, close) ?? writeCall(line, close);
    if (first) return first;
  }
  // (the expression tries every start of the line: not run on a line that has no name it reads)
  const m = mayNameBeforeSeparator(line) ? INVALID_VALUE_RE.exec(line) : null;
  if (m) {
    const token = m[1]!;
    const isEnc = /^0x/i.test(token);
    // a number right after a separator is the value of the pair before, not an encoding: Bochs's
    // `EFER = 0x00000000: ffxsr nxe lma lme sce` (the value, then its flags) names no field 0x0
    if (isEnc && valueAfterSeparator(line, line.lastIndexOf(token, line.length - m[2]!.length))) return null;
    const r = isEnc || token.includes('_') ? resolveToken(token, false) : null;
    if (r) return { kind: 'invalid-value', encoding: r.encoding, token, value: m[2]!.trimEnd().slice(0, 40) };
  }
  // a title or a bracketed field before a separator and a value of one word (`Guest RIP = zz`,
  // `VMCS[0x681e] = zz`): the field is read as on a field line (blanks alone part no value here)
  const end = close;
  if (!garbledAt(line, end)) return null;
  const value = line.slice(gStart, end);
  if (HEX_TOKEN_RE.test(value)) return null;
  if (gSep === 32) {
    // `GUEST_RIP see below`: a field's name with a `_`, then up to four words that are no value
    // and no separator: a dump's line, or prose naming a field (`loose`, pairs.parse decides)
    if (!nameWordEndsAt(line, gFieldEnd)) return null;
    let s = gFieldEnd;
    while (s > 0 && !isSpace(line.charCodeAt(s - 1))) s--;
    const named = resolveToken(line.slice(s, gFieldEnd), false);
    return named ? { kind: 'invalid-value', encoding: named.encoding, token: named.token, value: value.slice(0, 40), loose: true } : null;
  }
  const r = resolveFieldText(line.slice(0, gFieldEnd));
  return r.kind === 'encoding' ? { kind: 'invalid-value', encoding: r.encoding, token: r.token, value: value.slice(0, 40) } : null;
}

/**
 * Whether the word at `at` follows `=` or `->` (blanks between): it is the value of a pair. (After
 * a `:` it may be a field after a log's prefix, `vmx: 0x00006800: zz`.)
 */
function valueAfterSeparator(line: string, at: number): boolean {
  let i = at;
  while (i > 0 && isSpace(line.charCodeAt(i - 1))) i--;
  const s = i > 0 ? separatorAt(line, i) : -1;
  return s >= 0 && line.charCodeAt(s) !== 58;
}

// ---------------------------------------------------------------------------------------
// Lines of several fields: `GUEST_RIP=0x1 GUEST_RSP=0x2`, `0x681e: 0x1 0x681c: 0x2`,
// `Guest RIP -> 0x1 Guest RSP -> 0x2`. Read from the right, as a line of one: the last value,
// its separator, and the field before it, whose words reach back to the previous group's value
// (a hex number right after a separator, `=`, `:` or `->`), or to the start of the line for the
// first group (whatever stands before its field is the line's prefix, as on a line of one).

/** Whether the line has two separators (`=`, `:`, `>` of `->`) at least: only then can it hold two groups. */
function twoSeparators(line: string): boolean {
  let n = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if ((c === 61 || c === 58 || c === 62) && ++n === 2) return true;
  }
  return false;
}

/** The separator ending at `i` (spaces before `i` already skipped): its first index, or -1. */
function separatorAt(line: string, i: number): number {
  const c = line.charCodeAt(i - 1);
  if (c === 61 || c === 58) return i - 1;
  if (c === 62 && line.charCodeAt(i - 2) === 45) return i - 2;
  return -1;
}

/**
 * Whether the word `[s, e)` ends a group's value: a hex number (`0x` optional) after a separator,
 * in the word (`GUEST_RIP=0x1`) or before it (`GUEST_RIP = 0x1`); a trailing `,` or `;` is the
 * list's. Returns the value's end, or -1.
 */
function valueEndIn(line: string, s: number, e: number): number {
  let k = e;
  while (k > s && (line.charCodeAt(k - 1) === 44 || line.charCodeAt(k - 1) === 59)) k--;
  let j = k;
  while (j > s && isHex(line.charCodeAt(j - 1))) j--;
  if (j === k) return -1;
  if (j - 2 >= s && (line.charCodeAt(j - 1) === 120 || line.charCodeAt(j - 1) === 88) && line.charCodeAt(j - 2) === 48) j -= 2;
  if (j > s) return separatorAt(line, j) >= s ? k : -1;
  let p = s;
  while (p > 0 && isSpace(line.charCodeAt(p - 1))) p--;
  return p > 0 && separatorAt(line, p) >= 0 ? k : -1;
}

/**
 * Where the previous group's value ends, looking back from a field that ends at `fieldEnd` over
 * at most the words of the longest title (the field's own last word is never a value), or -1
 * when the field's text reaches the line's prefix.
 */
function previousValueEnd(line: string, fieldEnd: number): number {
  let i = fieldEnd;
  for (let w = 0; w <= maxTitleWords; w++) {
    const e = i;
    while (i > 0 && !isSpace(line.charCodeAt(i - 1))) i--;
    if (w > 0) {
      const end = valueEndIn(line, i, e);
      if (end >= 0) return end;
    }
    while (i > 0 && isSpace(line.charCodeAt(i - 1))) i--;
    if (i === 0) return -1;
  }
  return -1;
}

const NAME_WORD_RE = /^[A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)?$/;

/** Skip blanks and the `,`/`;` of a list back from `end`. */
function listEndBefore(line: string, end: number): number {
  while (end > 0) {
    const c = line.charCodeAt(end - 1);
    if (!isSpace(c) && c !== 44 && c !== 59) break;
    end--;
  }
  return end;
}

/** The group found ending at some `end` by valueGroupAt or garbledGroupAt (no object per group tried). */
let gStart = 0;
let gDigits = 0;
/** Where that group's digits end (before an `h` suffix: hSuffixed). */
let gDigitsEnd = 0;
let gSep = 0;
let gFieldEnd = 0;

/**
 * Whether the word ending at `i` is a field's word that blanks alone part from its value: a name
 * with a `_`, or an encoding written as on a line of one (`0x` and up to 8 digits, or 4 or 8 bare
 * digits: `GUEST_CR0 0x1 0x0000681e 0x2`; pairGroups reads it only when it is a field's, and its
 * value fits the field, as blankRun's pairs).
 */
function blankSeparated(line: string, i: number, start: number): boolean {
  return i < start && (nameWordEndsAt(line, i) || encodingWordEndsAt(line, i));
}

/** Whether the word ending at `end` is an encoding as a line of one writes it (`0x` and 1-8 digits, or 4 or 8 bare digits). */
function encodingWordEndsAt(line: string, end: number): boolean {
  let i = end;
  while (i > 0 && isHex(line.charCodeAt(i - 1))) i--;
  const n = end - i;
  if (n === 0) return false;
  if (i >= 2 && (line.charCodeAt(i - 1) === 120 || line.charCodeAt(i - 1) === 88) && line.charCodeAt(i - 2) === 48) return n <= 8 && (i === 2 || isSpace(line.charCodeAt(i - 3)));
  return (n === 4 || n === 8) && (i === 0 || isSpace(line.charCodeAt(i - 1)));
}

/** Whether the value whose digits are `[s, e)` of `line` (`0x` optional) fits the field of `encoding`. */
function fitsField(line: string, s: number, e: number, encoding: number): boolean {
  if (line.charCodeAt(s + 1) === 120 || line.charCodeAt(s + 1) === 88) s += 2;
  while (s < e - 1 && line.charCodeAt(s) === 48) s++;
  return e - s <= valueDigits(encoding);
}

/**
 * A group whose value, a hex number (`0x` optional), ends at `end`: after a separator (`=`, `:`,
 * `->`), or after blanks alone when a name with a `_` stands before them (`GUEST_RIP 0x1`).
 */
function valueGroupAt(line: string, end: number): boolean {
  let start = end;
  while (start > 0 && isHex(line.charCodeAt(start - 1))) start--;
  gDigitsEnd = end;
  if (start === end) {
    start = hSuffixed(line, end);
    if (start < 0) return false;
    gDigitsEnd = end - 1;
  }
  gDigits = start;
  if (start >= 2 && (line.charCodeAt(start - 1) === 120 || line.charCodeAt(start - 1) === 88) && line.charCodeAt(start - 2) === 48) start -= 2;
  let i = start;
  while (i > 0 && isSpace(line.charCodeAt(i - 1))) i--;
  const sep = separatorAt(line, i);
  if (sep >= 0) {
    gSep = line.charCodeAt(sep);
    i = sep;
    while (i > 0 && isSpace(line.charCodeAt(i - 1))) i--;
  } else if (blankSeparated(line, i, start)) gSep = 32;
  else return false;
  if (i === 0) return false;
  gStart = start;
  gFieldEnd = i;
  return true;
}

/**
 * A group whose value, one word ending at `end`, is no hex number (`GUEST_RIP=0xZZ`, `GUEST_RIP:
 * 0xZZ,`, `GUEST_RIP -> zz`, `GUEST_RIP zz`): the same shapes as valueGroupAt's; the caller
 * reads it only when its field is one the table knows.
 */
function garbledGroupAt(line: string, end: number): boolean {
  let ws = end;
  while (ws > 0 && !isSpace(line.charCodeAt(ws - 1))) ws--;
  if (ws === end) return false;
  let i = -1;
  for (let k = ws + 1; k < end; k++) {
    const c = line.charCodeAt(k);
    // (a name's `::`, `control::VIRT_APIC_ADDR_FULL`, is no separator)
    if (c === 58 && line.charCodeAt(k + 1) === 58) {
      k++;
      continue;
    }
    if (c === 61 || c === 58) {
      gStart = k + 1;
      i = k;
      break;
    }
    if (c === 45 && line.charCodeAt(k + 1) === 62) {
      gStart = k + 2;
      i = k;
      break;
    }
  }
  if (i >= 0) {
    // `NAME=junk`; a word that ends in its separator (`vmx:`) holds no value
    if (gStart >= end) return false;
    gSep = line.charCodeAt(i);
  } else {
    gStart = ws;
    i = ws;
    while (i > 0 && isSpace(line.charCodeAt(i - 1))) i--;
    const sep = separatorAt(line, i);
    if (sep >= 0) {
      gSep = line.charCodeAt(sep);
      i = sep;
    } else if (blankSeparated(line, i, ws)) gSep = 32;
    else return false;
  }
  while (i > 0 && isSpace(line.charCodeAt(i - 1))) i--;
  if (i === 0) return false;
  gFieldEnd = i;
  return true;
}

const FIELD_END_RE = /[A-Za-z0-9_\])]/;
/** The most words a garbled value of several is looked for over (`see below`, `N/A (vmread failed)`). */
const GARBLED_WORDS = 4;

/**
 * A group whose value is two or more words, none a hex number, ending at `end` (`GUEST_RIP: see
 * below,`, `GUEST_RIP=see below`, `Guest RIP -> not read`, `GUEST_RIP see below`): the words back
 * to the nearest separator, in a word (`NAME=see`), ending one (`NAME:`) or standing alone (`=`,
 * `->`), within GARBLED_WORDS words; or, with no separator, back to a name with a `_` (blanks
 * alone). Its words hold no separator, so they are never another group's. The caller reads it
 * only when its field is one the table knows (as garbledGroupAt's).
 */
function garbledWordsAt(line: string, end: number): boolean {
  let e = end;
  for (let w = 0; w < GARBLED_WORDS; w++) {
    let s = e;
    while (s > 0 && !isSpace(line.charCodeAt(s - 1))) s--;
    if (s === e) return false;
    let sep = -1;
    let after = 0;
    for (let k = s; k < e; k++) {
      const c = line.charCodeAt(k);
      // (a name's `::` is no separator)
      if (c === 58 && line.charCodeAt(k + 1) === 58) {
        k++;
        continue;
      }
      if (c === 61 || c === 58) {
        sep = k;
        after = k + 1;
        break;
      }
      if (c === 45 && line.charCodeAt(k + 1) === 62) {
        sep = k;
        after = k + 2;
        break;
      }
    }
    // (code, JSON and Markdown are no garbled value: `"EXCEPTION_BITMAP": [688, ["(null)", {}]]`)
    for (let k = sep >= 0 ? after : s; k < e; k++) {
      const c = line.charCodeAt(k);
      if (c === 34 || c === 59 || c === 91 || c === 93 || c === 96 || c === 123 || c === 125) return false;
    }
    if (sep >= 0) {
      // the value: from the first word after the separator to `end`; none when the separator ends the last word
      while (after < end && isSpace(line.charCodeAt(after))) after++;
      if (after >= end) return false;
      let i = sep;
      while (i > 0 && isSpace(line.charCodeAt(i - 1))) i--;
      // (the field ends in a word's letter or digit, `]` or `)`: `VMCS[0x681e]`, `vmread(0x681e)`; not in a quote)
      if (i === 0 || !FIELD_END_RE.test(line.charAt(i - 1))) return false;
      gStart = after;
      gSep = line.charCodeAt(sep);
      gFieldEnd = i;
      return true;
    }
    let i = s;
    while (i > 0 && isSpace(line.charCodeAt(i - 1))) i--;
    if (i === 0) return false;
    if (nameWordEndsAt(line, i)) {
      gStart = s;
      gSep = 32;
      gFieldEnd = i;
      return true;
    }
    e = i;
  }
  return false;
}

/**
 * garbledGroupAt or garbledWordsAt at `end`, remembered for the last `end` of the line
 * parsePairLine reads: invalidValue asks it at the line's end and pairGroups again, and pairGroups
 * asks it at each group's start before its next turn asks it there again (a log's own line of
 * many words walked back word by word). Both read nothing but the line; gStart, gSep and
 * gFieldEnd, which they set when they find a group, are set again from what was remembered.
 */
let garbledLine: string | null = null;
let garbledEnd = -1;
let garbledFound = false;
let garbledStart = 0;
let garbledSep = 0;
let garbledFieldEnd = 0;
function garbledAt(line: string, end: number): boolean {
  if (end !== garbledEnd || line !== garbledLine) {
    garbledFound = garbledGroupAt(line, end) || garbledWordsAt(line, end);
    garbledLine = line;
    garbledEnd = end;
    garbledStart = gStart;
    garbledSep = gSep;
    garbledFieldEnd = gFieldEnd;
  } else if (garbledFound) {
    gStart = garbledStart;
    gSep = garbledSep;
    gFieldEnd = garbledFieldEnd;
  }
  return garbledFound;
}

/**
 * A line of two or more groups of which one at least names a field, as its groups left to right;
 * null for any other line (read as a line of one). A group whose name is an identifier no field
 * has is `unknown-name` when it uses a separator a field's group of the line uses (a user's
 * `exit_reason=0x30 qualification=0x181`), unless it is the first group and its separator a
 * colon (a log's prefix: `vmx: 0 GUEST_RIP: 0x1`, HAXM's `haxm_warning: 4402 NAME: value`);
 * otherwise, and when the text before the separator is no name at all (`09:30:17`), it is the
 * line's prefix or other text (`vcpu: 0 GUEST_RIP=0x1`), as on a line of one. A group of a field
 * the table knows whose value is one word but no hex number (`GUEST_RIP=0xZZ GUEST_RSP=0x2`) is
 * `invalid-value`: reported, where it stands, never read as the next group's prefix. Groups
 * parted by blanks alone (`GUEST_RIP 0x1 GUEST_RSP 0x2`) are named by a field's name of one word
 * with a `_` (an encoding or a title there would read a hex dump's or a sentence's words).
 */
function pairGroups(line: string): PairLine | null {
  let end = listEndBefore(line, line.length);
  /** Right to left. */
  const found: Array<PairGroup & { sep: number }> = [];
  // where the previous value of the group before ends, while a group right before its field is tried
  let resume = -1;
  for (;;) {
    let garbled = false;
    if (!valueGroupAt(line, end)) {
      if (!garbledAt(line, end)) break;
      garbled = true;
    }
    const start = gStart;
    const sep = gSep;
    const fieldEnd = gFieldEnd;
    const value = line.slice(start, end);
    const digits = garbled ? '' : line.slice(gDigits, gDigitsEnd);
    // where the field's words start, and where the previous group's value ends (-1: not seen)
    let at: number;
    let from = -1;
    let r: ReturnType<typeof resolveFieldText>;
    if (sep === 32) {
      at = fieldEnd;
      while (at > 0 && !isSpace(line.charCodeAt(at - 1))) at--;
      r = resolveToken(line.slice(at, fieldEnd), false) ?? { kind: 'none' };
    } else {
      from = previousValueEnd(line, fieldEnd);
      let base = from < 0 ? 0 : from;
      // (the `,`/`;` of a list after the previous value is none of the field's words)
      while (base < fieldEnd && (line.charCodeAt(base) === 44 || line.charCodeAt(base) === 59 || isSpace(line.charCodeAt(base)))) base++;
      if (base === 0 && fieldEnd === oneEnd && oneRes !== null) {
        // the field parseOnePair read (the line's last): not resolved again
        r = oneRes;
        at = oneAt;
      } else {
        r = resolveFieldText(line.slice(base, fieldEnd));
        at = base + resolvedAt;
      }
    }
    if ((garbled && (r.kind !== 'encoding' || HEX_TOKEN_RE.test(value))) || (sep === 32 && (r.kind !== 'encoding' || !fieldByEncoding(r.encoding) || (!garbled && !fitsField(digits, 0, digits.length, r.encoding))))) {
      // no group: the text before the field of the group after it, skipped as before
      if (resume < 0) break;
      end = listEndBefore(line, resume);
      resume = -1;
      continue;
    }
    if (garbled) found.push({ kind: 'invalid-value', encoding: (r as Resolved).encoding, token: (r as Resolved).token, value: value.slice(0, 40), sep });
    else if (r.kind === 'encoding') found.push({ kind: 'field', encoding: r.encoding, digits, token: r.token, sep });
    else if (r.kind === 'invalid-encoding') found.push({ ...r, sep });
    else {
      let cut = fieldEnd;
      while (cut > 0 && !isSpace(line.charCodeAt(cut - 1))) cut--;
      if (cut < (from < 0 ? 0 : from)) cut = from;
      const word = trimPunct(line.slice(cut, fieldEnd));
      if (NAME_WORD_RE.test(word)) found.push({ kind: 'unknown-name', token: word, value, sep });
      at = cut;
    }
    // the group before: right before this one's field (perhaps a garbled one), else after the
    // previous value previousValueEnd found (words between are other text, as before)
    end = listEndBefore(line, at);
    if (end > 0 && (valueGroupAt(line, end) || garbledAt(line, end))) {
      resume = from;
      continue;
    }
    resume = -1;
    if (from < 0) break;
    end = listEndBefore(line, from);
  }
  if (found.length < 2) return null;
  const groups = found.reverse();
  const seps = new Set<number>();
  for (const g of groups) if (g.kind === 'field' || g.kind === 'invalid-value') seps.add(g.sep);
  if (seps.size === 0) return null;
  const kept: PairGroup[] = [];
  let known = 0;
  // the first group's `NAME:` is a log's prefix (`vmx: 0`, `haxm_warning: 4402 NAME: …`) unless it names a field
  groups.forEach(({ sep, ...g }, k) => {
    if (g.kind === 'field' || g.kind === 'invalid-value') {
      kept.push(g);
      known++;
    } else if (seps.has(sep) && !(k === 0 && sep === 58)) kept.push(g);
  });
  if (kept.length < 2) return null;
  // KVM's own messages (`guest rIP: 0x… unhandled rdmsr: 0x…`) are no fields, whatever they hold
  if (LOG_MESSAGE_RE.test(line)) return null;
  return { kind: 'fields', groups: kept, known };
}

/** Whether a parsed line names a field (one, or several, perhaps beside names no field has). */
export function namesPairField(p: PairLine | null | undefined): boolean {
  return p != null && (p.kind === 'field' || p.kind === 'fields');
}

/** Whether a parsed line reads as a field line of the pairs dialect (one field, or several and nothing else). */
export function isPairFieldLine(p: PairLine | null): boolean {
  return p !== null && (p.kind === 'field' || (p.kind === 'fields' && p.known === p.groups.length));
}

/** A line that mentions a VMCS or a dump, and is not a field, starts a new dump. */
const HEADER_RE = /\b(?:vmcs|dump)\b/i;
/**
 * KVM's and QEMU's own log messages that end in a number after a word a field is also called
 * (`kvm [6062]: vcpu0, guest rIP: 0x4050cb`, `vmx: unexpected exit reason 0x3`, `unhandled
 * rdmsr: 0x611`): they are no dump and never give a field, whatever their number.
 */
const LOG_MESSAGE_RE = /\bkvm(?:_intel|_amd)?:? ?\[\d+\]: vcpu\d+|\bkvm: \d+: cpu\d+ |\bguest rIP: 0x|\bunexpected exit reason 0x|\b(?:unhandled|ignored|[Uu]nhandled) (?:rd|wr)msr|\bUnhandled (?:RD|WR)MSR\(/;

export const pairs: LineDialect = {
  format: 'pairs',
  parse(line: string, lineNo: number, sink: LineSink, already?: PairLine | null): void {
    if (already === undefined && line.trim().length === 0) {
      sink.skip();
      sink.boundary();
      return;
    }
    // noah's `VM-entry failure exit reason: %llx`, bit 31 taken away: read as the field is (noah.ts)
    if (readNoahLine(line, lineNo, sink)) return;
    if (already === undefined && LOG_MESSAGE_RE.test(line)) {
      sink.skip(line);
      return;
    }
    const parsed = already !== undefined ? already : parsePairLine(line);
    if (parsed === null) {
      sink.skip(line);
      if (HEADER_RE.test(line)) sink.boundary();
      return;
    }
    switch (parsed.kind) {
      case 'field':
        sink.field(parsed.encoding, parsed.digits, lineNo);
        if (parsed.unplaced !== undefined) reportUnplaced(sink, parsed.unplaced, lineNo);
        return;
      case 'unknown-name': {
        // The unknown-token policy of every reader (common.ts): a line of a pairs dump is
        // reported, with the names it is close to, whatever the name looks like; before any
        // dump the line is held: a line of the dump that opens next, or skipped and counted.
        // A line of several that names no field (a user's `exit=0x30 EXIT_QUAL=0x181`, an
        // oops's `RSP: 002b:… EFLAGS: … ORIG_RAX: …`) is none, in a dump or not (one that names a
        // field is read as `fields`, below).
        if (countTokens(line).count > 1) sink.skip(line);
        else if (sink.inDump) reportUnknown(sink, lineNo, 'pairs', [{ token: parsed.token, value: parsed.value }], true);
        else sink.holdUnknown(lineNo, line, parsed.token, parsed.value);
        return;
      }
      case 'invalid-encoding': {
        if (!sink.inDump && !parsed.bracketed) {
          // A stray malformed number outside any dump is more likely not a field at all.
          sink.skip(line);
          return;
        }
        const { code, ...args } = parsed.problem;
        sink.report(diagnostic(code, { input: parsed.token, ...args }, lineNo));
        return;
      }
      case 'invalid-value':
      case 'index':
        reportUnread(sink, parsed, line, lineNo);
        return;
      case 'fields': {
        // A line of several groups (pairGroups). Each is read as a line of its own would be, its
        // field or its report, when every group names a field or the line is one of a pairs dump.
        // A line that also holds names no field has, outside a dump, may be a user's own summary
        // as well as a dump's line: it opens no dump, its unknown tokens are counted (common.ts),
        // and it is reported (ambiguous-line) with the fields it names, whose values are not read;
        // the pairs dump that opens on the next line reads it after all (sink.holdMixed).
        if (parsed.known < parsed.groups.length && !sink.inDump) {
          sink.holdMixed(lineNo, line, parsed);
          return;
        }
        // a report before the line's first field goes after it, into the dump that field opens
        let later: Array<Exclude<PairGroup, { kind: 'field' }>> | null = null;
        for (const g of parsed.groups) {
          if (g.kind === 'field') sink.field(g.encoding, g.digits, lineNo);
          else if (sink.inDump) reportGroup(sink, g, lineNo);
          else (later ??= []).push(g);
        }
        if (later) for (const g of later) reportGroup(sink, g, lineNo);
        if (parsed.unplaced !== undefined) reportUnplaced(sink, parsed.unplaced, lineNo);
        return;
      }
    }
  },
};

/**
 * A line whose value cannot be read (before any dump: held for the pairs dump that opens next,
 * its line and its error, else reported where it stands; a loose one, `GUEST_RIP see below` with
 * no separator, is then prose), or an index into the VMCS region (`vmcs[0x010]`: unplaced-line).
 */
function reportUnread(sink: LineSink, parsed: Extract<PairLine, { kind: 'invalid-value' | 'index' }>, line: string, lineNo: number): void {
  if (parsed.kind === 'index') return reportUnplaced(sink, line.trim(), lineNo);
  const d = diagnostic('invalid-value', { token: parsed.token, value: parsed.value }, lineNo);
  if (sink.inDump) sink.report(d);
  else sink.holdReport(lineNo, line, d, parsed.loose === true);
}

/** Numbers of a run parted by blanks (blankRun) that no field takes: reported with the line, never dropped. */
function reportUnplaced(sink: LineSink, text: string, lineNo: number): void {
  sink.report(diagnostic('unplaced-line', { dialect: 'pairs', text: text.slice(0, 100) }, lineNo));
}

/** The report of a group of a line of several that gives no field's value. */
function reportGroup(sink: LineSink, g: Exclude<PairGroup, { kind: 'field' }>, lineNo: number): void {
  if (g.kind === 'unknown-name') reportUnknown(sink, lineNo, 'pairs', [{ token: g.token, value: g.value }], true);
  else if (g.kind === 'invalid-value') sink.report(diagnostic('invalid-value', { token: g.token, value: g.value }, lineNo));
  else {
    const { code, ...args } = g.problem;
    sink.report(diagnostic(code, { input: g.token, ...args }, lineNo));
  }
}

/** The unknown `NAME=value` tokens of a line of several groups, as text that countTokens counts. */
export function unknownTokensOf(parsed: Extract<PairLine, { kind: 'fields' }>): string {
  let text = '';
  for (const g of parsed.groups) if (g.kind === 'unknown-name' || g.kind === 'invalid-encoding') text += `${g.token}=${g.kind === 'unknown-name' ? g.value : '0'} `;
  return text;
}

/**
 * A line of several groups naming fields beside names no field has, where no pairs dump is open:
 * not read, reported with the fields it names (a warning: no dump's value is lost, but the line
 * may have been one of a dump).
 */
export function ambiguousLine(line: string, parsed: Extract<PairLine, { kind: 'fields' }>, lineNo: number) {
  const fields: string[] = [];
  const others: string[] = [];
  for (const g of parsed.groups) {
    if (g.kind === 'field' || g.kind === 'invalid-value') fields.push(fieldByEncoding(g.encoding)?.name ?? g.token);
    else others.push(g.token.slice(0, 40));
  }
  return diagnostic('ambiguous-line', { text: line.trim().slice(0, 100), fields: fields.slice(0, 8), others: others.slice(0, 8) }, lineNo);
}
