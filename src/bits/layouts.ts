/**
 * Bit-level decoding of field values, driven by the `layouts` and `enums` sections of
 * fields.json. A layout lists named bits and bit ranges; a range may be decoded by an
 * inline table of values or a shared enum, and an entry may apply only when another part
 * of the same value has a given value (`when`), e.g. a segment's type by its S bit.
 */
import { entryCore, fieldsFile, normalizeName, type Field } from '../table/table.js';
import type { Diagnostic } from '../diagnostics.js';

/** One bit or bit range of a layout: its position, SDM name and meaning, and how a range's value is read (an enum, inline values, a number). */
export interface LayoutBit {
  bits: string;
  name: string;
  id?: string;
  meaning?: string;
  sdm?: string;
  default1?: boolean;
  reserved?: boolean;
  /** bits the processor ignores: shown when set, never a warning */
  ignored?: boolean;
  values?: Record<string, string>;
  enum?: string;
  format?: 'hex' | 'dec' | 'address' | 'bitlist';
  /**
   * For format "bitlist" (a bitmap: one bit per vector, leaf, MSR...): the label lists the set
   * bits, numbered from `base` (bit lo = item base), in hex if `hex`, each with its name from
   * `names` where it has one.
   */
  bitlist?: { base?: number; hex?: boolean; names?: Record<string, string> };
  /** a range that is left out when it is 0 (one of many per-item ranges, as the stack level of each vector) */
  omitZero?: boolean;
  /**
   * The name rests on public code only, no Intel document: the projects, as "bochs+hyvemind" or
   * "linux-only" (see sourceText). Absent where an SDM edition or an SDM transcription names it.
   */
  source?: string;
  /** applies only when these other bits of the value hold these values (all of them) */
  when?: { bits: string; value: number } | Array<{ bits: string; value: number }>;
  /**
   * A count whose unit a capability MSR gives: each count is 2^X `unit`, X = bits `bits` of
   * MSR `msr` (the preemption timer: IA32_VMX_MISC[4:0] TSC ticks). explain converts it when
   * it is given the capability MSRs.
   */
  scale?: { msr: string; bits: string; unit: string };
}

/** The meaning of a value's bits: named bits and ranges, each with its SDM reference, default-1 and reserved bits marked. */
export interface Layout {
  title: string;
  sdm?: string;
  style: 'flags' | 'record';
  note?: string;
  bits: LayoutBit[];
}

/** One value of an enum table, with its name. */
export interface EnumValue {
  name: string;
  id?: string;
  note?: string;
  /** as LayoutBit.source */
  source?: string;
}

const SOURCE_NAMES: Record<string, string> = { bochs: 'Bochs', hyvemind: 'HyveMind', linux: 'Linux KVM', xen: 'Xen' };

/** "bochs+hyvemind" -> "Bochs and HyveMind only (no Intel document)". */
export function sourceText(source: string): string {
  const names = source.replace(/-only$/, '').split('+').map((n) => SOURCE_NAMES[n] ?? n);
  return `${names.join(' and ')} only (no Intel document)`;
}

/** A table of values for a bit range (exit reasons, memory types...). */
export interface EnumTable {
  title: string;
  sdm?: string;
  values: Record<string, EnumValue>;
}

export type FieldLayoutRef =
  | string
  | { byExitReason: Record<string, string> }
  /** an error code, by the vector of its event (vectorFrom: the encoding of the event's identification field) */
  | { byVector: Record<string, string>; vectorFrom: string };

interface LayoutsSection {
  layouts?: Record<string, Layout>;
  enums?: Record<string, EnumTable>;
}

const section = fieldsFile as unknown as LayoutsSection;
/** Every bit layout of fields.json, by id (`exit-reason`, `qual-ept-violation`...). */
export const layouts: Readonly<Record<string, Layout>> = section.layouts ?? {};
/** Every value table of fields.json, by id (`basic-exit-reason`, `vm-instruction-error`...). */
export const enums: Readonly<Record<string, EnumTable>> = section.enums ?? {};

interface SdmSection {
  edition?: string;
  chapters2022?: Record<string, string>;
  tables2022?: Record<string, string>;
}

const sdmSection: SdmSection = ((fieldsFile as unknown as { sdm?: SdmSection }).sdm ?? {}) as SdmSection;

/** The SDM edition the table's citations follow ("October 2025"). */
export const sdmEdition: string = sdmSection.edition ?? '';

/**
 * A citation of the table's edition in the numbering of the 2022-2024 editions, or null where
 * the two agree: "§26.9.1" -> "§25.9.1", "§29.2.1, Table 29-7" -> "§28.2.1, Table 28-7". Only
 * Vol. 3C parts change; a part that names a volume or an appendix is kept.
 */
export function sdm2022(citation: string): string | null {
  const chapters = sdmSection.chapters2022 ?? {};
  const tables = sdmSection.tables2022 ?? {};
  const parts = citation.split('; ').map((part) => {
    if (part.startsWith('Vol. ')) return part;
    return part
      .replace(/§(\d+)(?=\.|\b)/g, (m, ch: string) => (chapters[ch] !== undefined ? `§${chapters[ch]}` : m))
      .replace(/Table (\d+-\d+)/g, (m, t: string) => (tables[t] !== undefined ? `Table ${tables[t]}` : m));
  });
  const out = parts.join('; ');
  return out === citation ? null : out;
}

/** "§26.9.1 (§25.9.1 in 2022-2024 editions)": the citation, and the older numbering where it differs. */
export function sdmText(citation: string): string {
  return citation
    .split('; ')
    .map((part) => {
      const old = sdm2022(part);
      return old === null ? part : `${part} (${old} in 2022-2024 editions)`;
    })
    .join('; ');
}

/** One decoded bit or range of a value. */
export interface DecodedBits {
  /** "31" or "15:0" */
  bits: string;
  name: string;
  id?: string;
  /** The bits' value, shifted down to bit 0 (for format "address", kept in place). */
  value: bigint;
  /** What the value means: an enum or inline label, or null for a plain flag or number. */
  label: string | null;
  meaning?: string;
  sdm?: string;
  /** true for a single bit that is 1 */
  set: boolean;
  kind: 'bit' | 'range';
  reserved?: boolean;
  default1?: boolean;
  format?: 'hex' | 'dec' | 'address' | 'bitlist';
  /** decoded by a table of values (an enum or inline values) */
  enumerated?: true;
  /** reserved bits set in a mask or match value, where that is not a fault */
  inMask?: true;
  /** the name (of the bit, or of its enumerated value) rests on these non-Intel sources only */
  source?: string;
}

/** A value decoded over one layout (`explainWith`): the layout, its bits in order from high to low, and the diagnostics (a reserved bit set...). */
export interface Explanation {
  layoutId: string;
  layout: Layout;
  /** Set bits and every range (with all: also the clear bits), in bit order from high to low. */
  bits: DecodedBits[];
  diagnostics: Diagnostic[];
}

/** Parse "31" or "15:0" into [hi, lo]. */
export function bitRange(bits: string): [number, number] {
  const i = bits.indexOf(':');
  if (i === -1) {
    const n = Number(bits);
    return [n, n];
  }
  return [Number(bits.slice(0, i)), Number(bits.slice(i + 1))];
}

function extract(value: bigint, hi: number, lo: number): bigint {
  return (value >> BigInt(lo)) & ((1n << BigInt(hi - lo + 1)) - 1n);
}

export function enumLabel(enumId: string, value: bigint): EnumValue | undefined {
  return enums[enumId]?.values[value.toString()];
}

/**
 * The layout that decodes a field's value. The exit qualification and the instruction
 * information depend on the exit reason; for exception exits the qualification depends on
 * the vector (#DB: debug qualification, #PF: linear address).
 */
export function isMaskField(field: Pick<Field, 'entry'>): boolean {
  return entryCore(field).layoutMask === true;
}

/** The id of the layout (in `layouts`) that decodes a field's value; for the exit qualification and the instruction information it depends on `context.exitReason` (and `vector`). */
export function layoutFor(field: Pick<Field, 'name' | 'entry'>, context: { exitReason?: number; vector?: number } = {}): string | undefined {
  const ref = entryCore(field).layout as FieldLayoutRef | undefined;
  if (ref === undefined) return undefined;
  if (typeof ref === 'string') return layouts[ref] ? ref : undefined;
  if ('byVector' in ref) {
    if (context.vector === undefined) return undefined;
    const id = ref.byVector[String(context.vector)];
    return id && layouts[id] ? id : undefined;
  }
  if (context.exitReason === undefined) return undefined;
  const basic = context.exitReason & 0xffff;
  if (basic === 0 && field.name === 'EXIT_QUALIFICATION') {
    if (context.vector === 1) return layouts['qual-debug-exception'] ? 'qual-debug-exception' : undefined;
    if (context.vector === 14) return layouts['qual-page-fault'] ? 'qual-page-fault' : undefined;
    return undefined;
  }
  const id = ref.byExitReason[String(basic)];
  return id && layouts[id] ? id : undefined;
}

/** "63:32, 28:19, 17" from bit numbers listed high to low. */
export function bitList(bits: number[]): string {
  const out: string[] = [];
  let i = 0;
  while (i < bits.length) {
    let j = i;
    while (j + 1 < bits.length && bits[j + 1] === bits[j]! - 1) j++;
    out.push(j === i ? String(bits[i]) : `${bits[i]}:${bits[j]}`);
    i = j + 1;
  }
  return out.join(', ');
}

/**
 * A layout entry with its bit positions and properties worked out once: the entries of
 * fields.json have a dozen shapes, and reading their optional properties value after value
 * was a megamorphic load each; a compiled entry has one shape.
 */
interface CompiledBit {
  b: LayoutBit;
  hi: number;
  lo: number;
  single: boolean;
  /** 0: within bits 31:0, 1: within bits 63:32, -1: spans both (BigInt path) */
  word: number;
  shift: number;
  mask32: number;
  bigMask: bigint;
  when: Array<{ word: number; shift: number; mask32: number; hi: number; lo: number; value: number }> | null;
  /** reserved or ignored: set bits are listed ("bits 31, 29 set") */
  reservedLike: boolean;
  ignored: boolean;
  /** a zero value says nothing (a clear reserved or plain bit, a zero omitZero range) unless all is asked */
  skipZero: boolean;
  values: Record<string, string> | null;
  enumId: string | null;
  bitlist: boolean;
  address: boolean;
  /**
   * What this entry decodes to, by the entry's value (a number: entries within 32 bits of one
   * word), for a plain value [0] and a mask value [1]: the same set flag or enumerated value
   * recurs in every dump, and its DecodedBits (read-only, shared) is made once. Each Map is made
   * on the entry's first decoding of that kind (most entries of a layout are clear bits a value
   * never decodes: two Maps each were a third of what a start-up allocated in compile()).
   */
  memo: [Map<number, Decoded> | undefined, Map<number, Decoded> | undefined];
  /** An entry of at most SMALL_BITS bits within one word keeps its decodings by value in arrays (no hashing), made on first use. */
  small: boolean;
  smallMemo: [Array<Decoded | undefined>, Array<Decoded | undefined>] | undefined;
  /** values found in `memo`, and not: past a few misses a memo that does not help is looked in only now and then */
  hits: number;
  misses: number;
}

/** Entries this wide or less keep every value's decoding in an array. */
const SMALL_BITS = 6;

/** An entry's decoding, kept for the next value with the same bits there. */
interface Decoded {
  d: DecodedBits;
  /** A reserved entry with bits set: which ("31, 29"), for the diagnostic. */
  which?: string;
  /** An enumerated range whose value the table does not know. */
  unknown?: boolean;
}

/** Most values remembered per entry (a range of random values would grow it without bound). */
const DECODED_MAX = 64;

interface CompiledLayout {
  layout: Layout;
  bits: CompiledBit[];
  /** bits some entry names */
  covered: bigint;
  /** the same, bits 31:0 and 63:32 as numbers */
  coveredLo: number;
  coveredHi: number;
  /** explanations already made (explainWith): by all and mask (index all * 2 + mask), then width, then value */
  explained: Array<Map<number, Map<bigint, Explanation>>>;
  /**
   * Decoded bits come out by highest bit, high to low, entries with the same highest bit in the
   * layout's order (most layouts list them low to high): each entry's place in that order, and
   * the highest bit at each place; null when the layout's order is that order already.
   */
  rank: number[] | null;
  rankedHigh: number[];
  /** explanations found in `explained`, and made anew */
  hits: number;
  misses: number;
}

const compiled = new Map<string, CompiledLayout>();

function place(hi: number, lo: number): { word: number; shift: number; mask32: number } {
  const width = hi - lo + 1;
  const mask32 = width >= 32 ? 0xffffffff : (1 << width) - 1;
  // structures wider than 64 bits (an MSR-area entry, the posted-interrupt descriptor): BigInt path
  if (hi >= 64) return { word: -1, shift: lo, mask32 };
  if (hi < 32) return { word: 0, shift: lo, mask32 };
  if (lo >= 32) return { word: 1, shift: lo - 32, mask32 };
  return { word: -1, shift: lo, mask32 };
}

function compile(layoutId: string): CompiledLayout {
  let c = compiled.get(layoutId);
  if (c) return c;
  const layout = layouts[layoutId]!;
  let covered = 0n;
  const bits = layout.bits.map((b): CompiledBit => {
    const [hi, lo] = bitRange(b.bits);
    const bigMask = ((1n << BigInt(hi - lo + 1)) - 1n) << BigInt(lo);
    const p = place(hi, lo);
    const single = hi === lo;
    const cb: CompiledBit = {
      b,
      hi,
      lo,
      single,
      word: p.word,
      shift: p.shift,
      mask32: p.mask32,
      bigMask,
      when: null,
      reservedLike: b.reserved === true || b.ignored === true,
      ignored: b.ignored === true,
      skipZero: b.reserved === true || b.ignored === true || (single && !b.values) || b.omitZero === true,
      values: b.values ?? null,
      enumId: b.enum ?? null,
      bitlist: b.format === 'bitlist',
      address: b.format === 'address',
      memo: [undefined, undefined],
      small: p.word !== -1 && hi - lo + 1 <= SMALL_BITS,
      smallMemo: undefined,
      hits: 0,
      misses: 0,
    };
    if (b.when) {
      cb.when = (Array.isArray(b.when) ? b.when : [b.when]).map((w) => {
        const [whi, wlo] = bitRange(w.bits);
        return { ...place(whi, wlo), hi: whi, lo: wlo, value: w.value };
      });
    }
    // Bits an entry names are not unknown, even where its condition does not hold.
    covered |= bigMask;
    return cb;
  });
  const byHigh = bits.map((_, i) => i).sort((a, b) => bits[b]!.hi - bits[a]!.hi || a - b);
  const rank: number[] = new Array<number>(bits.length);
  byHigh.forEach((i, r) => (rank[i] = r));
  c = {
    layout,
    bits,
    rank: byHigh.every((i, r) => i === r) ? null : rank,
    rankedHigh: byHigh.map((i) => bits[i]!.hi),
    covered,
    coveredLo: Number(covered & 0xffffffffn),
    coveredHi: Number((covered >> 32n) & 0xffffffffn),
    explained: [new Map(), new Map(), new Map(), new Map()],
    hits: 0,
    misses: 0,
  };
  compiled.set(layoutId, c);
  return c;
}

function field32(lo32: number, hi32: number, value: bigint, p: { word: number; shift: number; mask32: number; hi: number; lo: number }): number | bigint {
  if (p.word === 0) return ((lo32 >>> p.shift) & p.mask32) >>> 0;
  if (p.word === 1) return ((hi32 >>> p.shift) & p.mask32) >>> 0;
  return extract(value, p.hi, p.lo);
}

/** Explanations kept (by layout, flags and width, then by value: dumps repeat their control values); all are dropped past the limit. */
let explainedCount = 0;
const EXPLAINED_MAX = 512;

/**
 * Decode a value with a layout. `all` also lists the single bits that are clear; `mask`
 * says the value is a mask or match value (CR0 guest/host mask...), where reserved bits
 * may be set without anything being wrong. The result may be shared: treat it as read-only.
 */
export function explainWith(layoutId: string, value: bigint, widthBits: number, all = false, mask = false): Explanation {
  let c = compiled.get(layoutId);
  if (c === undefined) {
    if (!layouts[layoutId]) throw new Error(`no layout ${layoutId}`);
    c = compile(layoutId);
  }
  // values that do not come back (random ones) are looked up one time in 16
  if (c.misses > 64 && c.hits * 8 < c.misses && (c.misses & 15) !== 0) {
    c.misses++;
    return explainUncached(c, layoutId, value, widthBits, all, mask);
  }
  // keyed by the compiled layout and the value itself (no string made, hit or miss)
  const byWidth = c.explained[(all ? 2 : 0) + (mask ? 1 : 0)]!;
  let byValue = byWidth.get(widthBits);
  if (byValue === undefined) {
    byValue = new Map();
    byWidth.set(widthBits, byValue);
  }
  const hit = byValue.get(value);
  if (hit) {
    c.hits++;
    return hit;
  }
  const e = explainUncached(c, layoutId, value, widthBits, all, mask);
  // Values that never come back (a log of random values) are not kept: keeping them only
  // makes work for the garbage collector. Kept while one value in eight comes back.
  if (++c.misses > 64 && c.hits * 8 < c.misses) return e;
  if (explainedCount >= EXPLAINED_MAX) {
    for (const c of compiled.values()) for (const m of c.explained) m.clear();
    explainedCount = 0;
    byValue = new Map();
    byWidth.set(widthBits, byValue);
  }
  byValue.set(value, e);
  explainedCount++;
  return e;
}

/** The bit numbers from hi down to lo that are set in `raw` (the bits hi:lo shifted down to bit 0). */
function setBits(raw: number | bigint, hi: number, lo: number, value: bigint): number[] {
  const set: number[] = [];
  if (typeof raw === 'number') {
    for (let i = hi; i >= lo; i--) if ((raw >>> (i - lo)) & 1) set.push(i);
  } else for (let i = hi; i >= lo; i--) if ((value >> BigInt(i)) & 1n) set.push(i);
  return set;
}

/**
 * bitList(setBits(raw, hi, lo)) for a range of at most 64 bits (`raw`: bits hi:lo shifted down
 * to bit 0, as two 32-bit numbers r0 (bits 31:0 of it) and r1), made without arrays: "31:29, 17, 3".
 */
function bitRuns(r0: number, r1: number, hi: number, lo: number): string {
  const at = (i: number): number => {
    const k = i - lo;
    return k < 32 ? (r0 >>> k) & 1 : (r1 >>> (k - 32)) & 1;
  };
  let out = '';
  let i = hi;
  while (i >= lo) {
    if (at(i) === 0) {
      i--;
      continue;
    }
    let j = i;
    while (j > lo && at(j - 1) !== 0) j--;
    if (out.length > 0) out += ', ';
    out += j === i ? String(i) : `${i}:${j}`;
    i = j - 1;
  }
  return out;
}

/** explainUncached's entries by rank (always empty between calls). */
const scratch: Array<DecodedBits | undefined> = [];

function explainUncached(c: CompiledLayout, layoutId: string, value: bigint, widthBits: number, all: boolean, mask: boolean): Explanation {
  const layout = c.layout;
  const lo32 = Number(BigInt.asUintN(32, value));
  const hi32 = Number(BigInt.asUintN(32, value >> 32n));
  let out: DecodedBits[] = [];
  // each decoded entry's highest bit, for the order below; or, by rank, the entries decoded
  const high: number[] = [];
  let sorted = true;
  const rank = c.rank;
  let placed: Array<DecodedBits | undefined> | null = null;
  if (rank !== null) {
    // one array for every call, emptied as it is read below (this runs once per value)
    while (scratch.length < c.bits.length) scratch.push(undefined);
    placed = scratch;
  }
  const diagnostics: Diagnostic[] = [];
  const entries = c.bits;
  const memoIndex = mask ? 1 : 0;
  for (let i = 0; i < entries.length; i++) {
    const cb = entries[i]!;
    const when = cb.when;
    if (when !== null) {
      let holds = true;
      for (let j = 0; j < when.length; j++) {
        const w = when[j]!;
        if (Number(field32(lo32, hi32, value, w)) !== w.value) {
          holds = false;
          break;
        }
      }
      if (!holds) continue;
    }
    const raw = field32(lo32, hi32, value, cb);
    // A clear reserved bit, or clear bit, says nothing, unless it is enumerated (S: "System");
    // nor does a zero range marked omitZero.
    if (!all && cb.skipZero && (raw === 0 || raw === 0n)) continue;
    let m: Decoded | undefined;
    if (typeof raw === 'number') {
      if (cb.small) {
        const memo = (cb.smallMemo ??= [[], []])[memoIndex];
        m = memo[raw];
        if (m === undefined) memo[raw] = m = decodeEntry(cb, raw, mask);
      } else if (cb.misses < 64 || cb.hits * 8 >= cb.misses || (cb.misses & 15) === 0) {
        // a range of random values is looked up one miss in 16 (its hits may come back)
        const memo = (cb.memo[memoIndex] ??= new Map());
        m = memo.get(raw);
        if (m === undefined) {
          cb.misses++;
          m = decodeEntry(cb, raw, mask);
          if (memo.size < DECODED_MAX) memo.set(raw, m);
        } else cb.hits++;
      } else {
        cb.misses++;
        m = decodeEntry(cb, raw, mask);
      }
    } else m = decodeEntry(cb, raw, mask);
    if (m.which !== undefined || m.unknown) entryDiagnostics(cb, m, raw, value, mask, diagnostics);
    if (placed !== null) placed[rank![i]!] = m.d;
    else {
      if (high.length > 0 && cb.hi > high[high.length - 1]!) sorted = false;
      high.push(cb.hi);
      out.push(m.d);
    }
  }
  let strayBits: DecodedBits | null = null;
  let strayHigh = -1;
  // Set bits no entry names.
  let stray = 0n;
  if (widthBits <= 64) {
    const s0 = (lo32 & ~c.coveredLo & (widthBits >= 32 ? 0xffffffff : (1 << widthBits) - 1)) >>> 0;
    const s1 = widthBits > 32 ? (hi32 & ~c.coveredHi & (widthBits >= 64 ? 0xffffffff : (1 << (widthBits - 32)) - 1)) >>> 0 : 0;
    if (s0 !== 0 || s1 !== 0) stray = (BigInt(s1) << 32n) | BigInt(s0);
  } else stray = value & ~c.covered & ((1n << BigInt(widthBits)) - 1n);
  if (stray !== 0n) {
    const set: number[] = [];
    if (widthBits <= 64) {
      const s0 = Number(stray & 0xffffffffn);
      const s1 = Number(stray >> 32n);
      for (let bit = widthBits - 1; bit >= 0; bit--) if (((bit >= 32 ? s1 >>> (bit - 32) : s0 >>> bit) & 1) !== 0) set.push(bit);
    } else for (let bit = widthBits - 1; bit >= 0; bit--) if ((stray >> BigInt(bit)) & 1n) set.push(bit);
    const which = bitList(set);
    if (!mask) diagnostics.push({ code: 'unknown-bit-set', severity: 'warning', args: { bits: which } });
    const d: DecodedBits = { bits: which, name: 'Unknown', value: stray, label: `bit${set.length > 1 ? 's' : ''} ${which} set`, set: true, kind: 'range', format: 'hex', reserved: true };
    if (mask) d.inMask = true;
    strayBits = d;
    strayHigh = set[0]!;
  }
  if (placed !== null) {
    // by rank, the stray bits after the entries whose highest bit is not below theirs
    const rankedHigh = c.rankedHigh;
    for (let r = 0; r < entries.length; r++) {
      const d = placed[r];
      if (d === undefined) continue;
      placed[r] = undefined;
      if (strayBits !== null && rankedHigh[r]! < strayHigh) {
        out.push(strayBits);
        strayBits = null;
      }
      out.push(d);
    }
    if (strayBits !== null) out.push(strayBits);
  } else if (strayBits !== null) {
    if (high.length > 0 && strayHigh > high[high.length - 1]!) sorted = false;
    high.push(strayHigh);
    out.push(strayBits);
  }
  // by highest bit ("63:32", "31", or the "2, 0" list of unnamed bits), high to low; stable
  // (entries with the same highest bit keep the layout's order); nothing to do when in order
  if (!sorted) {
    const order = out.map((_, i) => i).sort((a, b) => high[b]! - high[a]! || a - b);
    const copy = out;
    out = order.map((i) => copy[i]!);
  }
  return { layoutId, layout, bits: out, diagnostics };
}

/** One entry of a layout decoded at its value (`raw`: the entry's bits shifted down to bit 0). */
function decodeEntry(cb: CompiledBit, raw: number | bigint, mask: boolean): Decoded {
  const b = cb.b;
  const { hi, lo, single } = cb;
  const zero = raw === 0 || raw === 0n;
  if (cb.reservedLike) {
    if (zero) return { d: decoded(cb, 0n, null) };
    let which: string;
    let many: boolean;
    if (typeof raw === 'number') {
      which = bitRuns(raw, 0, hi, lo);
      many = (raw & (raw - 1)) !== 0;
    } else if (hi - lo < 64) {
      // a range across bits 31 and 32 (63:1): its two 32-bit halves
      const r0 = Number(BigInt.asUintN(32, raw));
      const r1 = Number(raw >> 32n);
      which = bitRuns(r0, r1, hi, lo);
      many = r1 !== 0 ? r0 !== 0 || (r1 & (r1 - 1)) !== 0 : (r0 & (r0 - 1)) !== 0;
    } else {
      const set = setBits(raw, hi, lo, raw << BigInt(lo));
      which = bitList(set);
      many = set.length > 1;
    }
    const d = decoded(cb, BigInt(raw), many ? `bits ${which} set` : `bit ${which} set`);
    if (mask || cb.ignored) d.inMask = true;
    return { d, which };
  }
  const v = BigInt(raw);
  let label: string | null = null;
  let source: string | undefined;
  if (cb.bitlist) label = bitListLabel(b, v, hi - lo + 1);
  else if (cb.values !== null) label = cb.values[String(raw)] ?? null;
  else if (cb.enumId !== null) {
    const ev = enums[cb.enumId]?.values[String(raw)];
    label = ev?.name ?? null;
    source = ev?.source;
  }
  let unknown = false;
  if ((cb.values !== null || cb.enumId !== null) && label === null && !single) {
    unknown = true;
    label = cb.enumId === 'basic-exit-reason' ? exitReasonName(Number(raw)) : `${raw} (unknown to this table)`;
  }
  const d = decoded(cb, v, label);
  if (source !== undefined) d.source = source;
  return unknown ? { d, unknown } : { d };
}

/** The diagnostics of an entry's decoding: a reserved bit set, a value the table does not know. */
function entryDiagnostics(cb: CompiledBit, m: Decoded, raw: number | bigint, value: bigint, mask: boolean, out: Diagnostic[]): void {
  const b = cb.b;
  // made directly (not by diagnostic()): their arguments come from the table, never from the input
  if (m.which !== undefined) {
    if (!mask && !cb.ignored) out.push({ code: 'reserved-bit-set', severity: 'warning', args: { bits: m.which, range: b.bits } });
  } else if (m.unknown && value !== 0n) {
    // A field that is all zero was not set (no error, no EPT): nothing to warn about.
    out.push({ code: 'unknown-value', severity: 'warning', args: { bits: b.bits, name: b.name, value: String(raw) } });
  }
}

/** The set bits of a bitmap as items: "0x31, 0xef" or "0 ECREATE, 2 EINIT"; "none" when no bit is set. */
function bitListLabel(b: LayoutBit, v: bigint, width: number): string {
  const base = b.bitlist?.base ?? 0;
  const items: string[] = [];
  const lo32 = Number(v & 0xffffffffn);
  const hi32 = width > 32 ? Number((v >> 32n) & 0xffffffffn) : 0;
  for (let i = 0; i < width; i++) {
    if (i < 64 ? ((i < 32 ? lo32 >>> i : hi32 >>> (i - 32)) & 1) === 0 : ((v >> BigInt(i)) & 1n) === 0n) continue;
    const n = base + i;
    const name = b.bitlist?.names?.[String(n)];
    const num = b.bitlist?.hex ? '0x' + n.toString(16) : String(n);
    items.push(name ? `${num} ${name}` : num);
  }
  return items.length === 0 ? 'none' : items.join(', ');
}

function decoded(cb: CompiledBit, v: bigint, label: string | null): DecodedBits {
  const b = cb.b;
  const single = cb.single;
  const d: DecodedBits = {
    bits: b.bits,
    name: b.name,
    value: cb.address ? v << BigInt(cb.lo) : v,
    label,
    set: single && v !== 0n,
    kind: single ? 'bit' : 'range',
  };
  if (b.id) d.id = b.id;
  if (b.meaning) d.meaning = b.meaning;
  if (b.sdm) d.sdm = b.sdm;
  if (cb.reservedLike) d.reserved = true;
  if (b.default1 === true) d.default1 = true;
  if (b.format) d.format = b.format;
  if (cb.enumId !== null || cb.values !== null) d.enumerated = true;
  if (b.source) d.source = b.source;
  return d;
}

/** How a decoded value prints: a bit as 0/1, enumerated and "dec" ranges in decimal, addresses in place, the rest in hex. */
export function formatDecoded(d: Pick<DecodedBits, 'value' | 'kind' | 'format' | 'enumerated' | 'bits'>): string {
  if (d.kind === 'bit') return d.value.toString();
  if (d.format === 'bitlist') return '0x' + d.value.toString(16);
  if (d.format === 'dec' || (d.enumerated && d.format === undefined)) return d.value.toString(10);
  if (d.format === 'address') return '0x' + d.value.toString(16).padStart(Math.ceil((bitRange(d.bits)[0] + 1) / 4), '0');
  return '0x' + d.value.toString(16);
}

/** A basic exit reason as people write it: 48, 0x30, EPT_VIOLATION, "EPT violation". */
export function parseExitReason(text: string): number | undefined {
  const t = text.trim();
  if (/^\d+$/.test(t)) return Number(t) & 0xffff;
  if (/^0x[0-9a-f]+$/i.test(t)) return parseInt(t, 16) & 0xffff;
  const key = normalizeName(t);
  const values = enums['basic-exit-reason']?.values ?? {};
  for (const [n, v] of Object.entries(values)) {
    if ((v.id && normalizeName(v.id) === key) || normalizeName(v.name) === key) return Number(n);
  }
  return undefined;
}

/** The name of a basic exit reason, or a plain statement that the table does not know it. */
export function exitReasonName(basic: number): string {
  return enums['basic-exit-reason']?.values[String(basic)]?.name ?? `exit reason ${basic} (unknown to this table)`;
}
