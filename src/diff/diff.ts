/**
 * `vmcs diff`: two VMCS states compared field by field (only in A, only in B, different),
 * grouped like annotate, and bit by bit for every field with a layout; optionally the VM-entry
 * rules whose outcome differs. Plain data in and out; nothing here prints.
 */
import type { Dump, DumpField } from '../annotate/index.js';
import type { Caps, CpuFacts } from '../caps/types.js';
import { checkFields } from '../check/check.js';
import type { RuleResult, Status } from '../check/types.js';
import { explainWith, layoutFor, type DecodedBits } from '../bits/layouts.js';
import { fieldByEncoding, lookupName } from '../table/table.js';

/**
 * Fields whose values differ between any two dumps by nature (`--ignore-volatile`): the
 * VM-exit information (it describes the last exit), where the guest happened to be (RIP, RSP,
 * CR3 and the FS/GS bases of the running thread), the TSC offset, the preemption-timer value,
 * the PML index, and the VMM's stack pointer.
 */
export const VOLATILE_FIELDS: readonly string[] = [
  'GUEST_RIP',
  'GUEST_RSP',
  'GUEST_CR3',
  'GUEST_FS_BASE',
  'GUEST_GS_BASE',
  'GUEST_PML_INDEX',
  'TSC_OFFSET',
  'VMX_PREEMPTION_TIMER_VALUE',
  'HOST_RSP',
  // and every VM-exit information field (type exit-info): exit reason, qualification, interruption and IDT-vectoring information, instruction length and information, guest linear and physical address, I/O RCX/RSI/RDI/RIP, VM-instruction error
];

export type BitChange = '+' | '-' | '~';

/** A bit or range of a field whose value differs between two dumps (`+` set in B, `-` cleared, `~` a range changed). */
export interface BitDiff {
  bits: string;
  name: string;
  change: BitChange;
  /** For ranges: the values (and labels) on each side */
  a?: bigint;
  b?: bigint;
  aLabel?: string | null;
  bLabel?: string | null;
  /** How to print the range values: hex or as an address (kept in place); decimal otherwise */
  format?: DecodedBits['format'];
}

/** A field that differs between two dumps: both values, and its bits that changed. */
export interface FieldDiff {
  encoding: number;
  name: string;
  title: string;
  type: DumpField['type'];
  width: DumpField['width'];
  status: 'changed' | 'only-a' | 'only-b';
  a?: bigint;
  b?: bigint;
  /** Bit by bit, when the field has a layout (the same on both sides) */
  bits?: BitDiff[];
}

/** A VM-entry rule whose outcome differs between two dumps, with each side's failure message. */
export interface RuleDiff {
  id: string;
  title: string;
  a: Status;
  b: Status;
  messageA?: string;
  messageB?: string;
}

/** Options of `diffDumps()`: fields to ignore (or the volatile ones), and capabilities to compare rule outcomes with. */
export interface DiffOptions {
  /** Encodings to leave out */
  ignore?: ReadonlySet<number>;
  ignoreVolatile?: boolean;
  /** Compare the VM-entry rules too (with these capabilities and facts) */
  check?: { caps?: Caps; facts?: CpuFacts };
}

/** The result of `diffDumps()`. */
export interface DiffResult {
  fields: FieldDiff[];
  same: number;
  /** The fields left out, by name */
  ignored: string[];
  /** With options.check: the rules whose outcome differs, pass-in-A-fail-in-B first */
  rules?: RuleDiff[];
  /** true when no field (nor, with check, no rule outcome) differs */
  identical: boolean;
}

const WIDTH: Record<string, number> = { '16': 16, '32': 32, '64': 64, natural: 64 };

function exitContext(d: Dump): { exitReason?: number } {
  const r = d.fields.find((f) => f.encoding === 0x4402);
  return r ? { exitReason: Number(r.value & 0xffffffffn) } : {};
}

function isVolatile(f: Pick<DumpField, 'encoding' | 'type'>): boolean {
  if (f.type === 'exit-info') return true;
  const name = fieldByEncoding(f.encoding)?.name;
  return name !== undefined && VOLATILE_FIELDS.includes(name);
}

/** Bit by bit: named bits set on one side only, ranges whose value changed, unnamed bits. */
export function diffBits(layoutId: string, a: bigint, b: bigint, widthBits: number): BitDiff[] {
  const ea = new Map<string, DecodedBits>(explainWith(layoutId, a, widthBits, true).bits.map((x) => [x.bits + '|' + x.name, x]));
  const eb = new Map<string, DecodedBits>(explainWith(layoutId, b, widthBits, true).bits.map((x) => [x.bits + '|' + x.name, x]));
  const out: BitDiff[] = [];
  let covered = 0n;
  // In the layout's order (high bits first); a bit or range decoded on one side only (a
  // conditional one, such as the vector of a valid event) is compared with 0 on the other.
  const keys = [...new Set([...eb.keys(), ...ea.keys()])];
  const hi = (k: string): number => Number(k.split('|')[0]!.split(':')[0]);
  keys.sort((p, q) => hi(q) - hi(p));
  for (const k of keys) {
    const x = ea.get(k);
    const y = eb.get(k);
    const any = (y ?? x)!;
    // "h:l", "n", or a list of them ("11, 4": the set bits a layout does not name)
    let mask = 0n;
    let l = 64;
    for (const part of any.bits.split(',')) {
      const [h, lo] = part.includes(':') ? part.split(':').map((x) => Number(x.trim())) : [Number(part.trim()), Number(part.trim())];
      mask |= ((1n << BigInt(h! - lo! + 1)) - 1n) << BigInt(lo!);
      l = Math.min(l, lo!);
    }
    if (((a ^ b) & mask) === 0n) {
      covered |= mask;
      continue;
    }
    covered |= mask;
    if (any.kind === 'bit') out.push({ bits: any.bits, name: any.name, change: (b & mask) !== 0n ? '+' : '-' });
    else {
      const va = any.format === 'address' ? a & mask : (a & mask) >> BigInt(l);
      const vb = any.format === 'address' ? b & mask : (b & mask) >> BigInt(l);
      out.push({ bits: any.bits, name: any.name, change: '~', a: va, b: vb, aLabel: x?.label ?? null, bLabel: y?.label ?? null, ...(any.format ? { format: any.format } : {}) });
    }
  }
  const other = (a ^ b) & ~covered;
  for (let i = widthBits - 1; i >= 0; i--) {
    if ((other >> BigInt(i)) & 1n) out.push({ bits: String(i), name: `bit ${i}`, change: (b >> BigInt(i)) & 1n ? '+' : '-' });
  }
  return out;
}

/** What differs between two dumps: fields changed, only in one, their bits, and with `options.check` the VM-entry rules whose outcome differs. */
export function diffDumps(a: Dump, b: Dump, options: DiffOptions = {}): DiffResult {
  const fa = new Map(a.fields.map((f) => [f.encoding, f]));
  const fb = new Map(b.fields.map((f) => [f.encoding, f]));
  const encodings = [...new Set([...fa.keys(), ...fb.keys()])];
  const ctxA = exitContext(a);
  const ctxB = exitContext(b);
  const fields: FieldDiff[] = [];
  const ignored: string[] = [];
  let same = 0;
  for (const enc of encodings) {
    const x = fa.get(enc);
    const y = fb.get(enc);
    const any = (x ?? y)!;
    const name = any.name ?? `0x${enc.toString(16).padStart(8, '0')}`;
    if (options.ignore?.has(enc) || (options.ignoreVolatile && isVolatile(any))) {
      if ((x?.value ?? null) !== (y?.value ?? null)) ignored.push(name);
      continue;
    }
    if (x && y && x.value === y.value) {
      same++;
      continue;
    }
    const d: FieldDiff = { encoding: enc, name, title: any.title ?? '', type: any.type, width: any.width, status: x && y ? 'changed' : x ? 'only-a' : 'only-b' };
    if (x) d.a = x.value;
    if (y) d.b = y.value;
    if (x && y) {
      const field = fieldByEncoding(enc);
      if (field) {
        const la = layoutFor(field, ctxA);
        const lb = layoutFor(field, ctxB);
        if (la && la === lb) d.bits = diffBits(la, x.value, y.value, WIDTH[any.width] ?? 64);
      }
    }
    fields.push(d);
  }
  const order: Record<string, number> = { control: 0, 'exit-info': 1, guest: 2, host: 3 };
  fields.sort((p, q) => (order[p.type] ?? 9) - (order[q.type] ?? 9) || p.encoding - q.encoding);
  const result: DiffResult = { fields, same, ignored, identical: fields.length === 0 };
  if (options.check) {
    const values = (d: Dump): Map<number, bigint> => new Map(d.fields.filter((f) => f.name !== null).map((f) => [f.encoding, f.value]));
    const ra = checkFields(values(a), options.check).results;
    const rb = new Map(checkFields(values(b), options.check).results.map((r) => [r.id, r]));
    const rules: RuleDiff[] = [];
    for (const x of ra) {
      const y = rb.get(x.id)!;
      if (x.status === y.status) continue;
      const r: RuleDiff = { id: x.id, title: x.title, a: x.status, b: y.status };
      if (x.message) r.messageA = x.message;
      if (y.message) r.messageB = y.message;
      rules.push(r);
    }
    const rank = (r: RuleDiff): number => (r.a === 'pass' && r.b === 'fail' ? 0 : r.a === 'fail' && r.b === 'pass' ? 1 : r.b === 'fail' ? 2 : r.a === 'fail' ? 3 : 4);
    rules.sort((p, q) => rank(p) - rank(q));
    result.rules = rules;
    if (rules.length) result.identical = false;
  }
  return result;
}

/** Field names for --ignore: encodings, or the names annotate takes; unknown names are returned apart. */
export function resolveIgnore(names: readonly string[]): { encodings: Set<number>; unknown: string[] } {
  const encodings = new Set<number>();
  const unknown: string[] = [];
  for (const n of names) {
    const f = lookupName(n);
    if (f) encodings.add(f.encoding);
    else if (/^(?:0x)?[0-9a-f]{1,8}$/i.test(n) && fieldByEncoding(parseInt(n, 16))) encodings.add(parseInt(n, 16));
    else unknown.push(n);
  }
  return { encodings, unknown };
}

export type { RuleResult };
