/**
 * The language-neutral model every emitter writes: fields (full and high halves, in encoding
 * order) with the identifier of the chosen name set, layouts as masks and shifts, and the
 * enums. Built from fields.json alone; nothing here knows a target language.
 */
import { encodingParts, type Access, type FieldType, type Width } from '../table/encoding.js';
import type { GenTable, GenerateDiagnostic, Part } from './types.js';
import { PARTS } from './types.js';

export interface ModelField {
  encoding: number;
  width: Width;
  type: FieldType;
  access: Access;
  /** The identifier from the chosen name set, before any language's sanitising. */
  raw: string;
  /** NAME, or NAME_HIGH for a high half. */
  canonical: string;
  title: string;
  /** Appendix B table, e.g. "B-1". */
  sdm: string;
  status?: string;
  /** project: the project's own name; canonical: fallback, the project has none; derived: project's full name + _HIGH. */
  source: 'project' | 'canonical' | 'derived' | 'sdm';
}

export interface ModelBit {
  id: string;
  name: string;
  /** "31" or "15:0" */
  bits: string;
  hi: number;
  lo: number;
  /** The bits in place. */
  mask: bigint;
  shift: number;
  default1: boolean;
  /** "when bit 4 = 1", for entries that apply only when other bits hold a value. */
  when?: string;
}

export interface ModelLayout {
  key: string;
  title: string;
  sdm: string;
  /** Some bit above 31: the constants are 64-bit. */
  wide: boolean;
  /** Named bits and ranges (reserved ones are only in reservedMask). */
  bits: ModelBit[];
  reservedMask: bigint;
  default1Mask: bigint;
}

export interface ModelEnumMember {
  id: string;
  value: number;
  name: string;
  note?: string;
}

export interface ModelEnum {
  key: string;
  title: string;
  sdm: string;
  members: ModelEnumMember[];
}

export interface Model {
  version: string;
  sdmRevision: string;
  /** The name set ('vmcs', 'sdm' or a project). */
  names: string;
  /** Where that name set's identifiers come from. */
  namesSource: string;
  parts: ReadonlySet<Part>;
  fields: ModelField[];
  layouts: ModelLayout[];
  /** Enums other than exit reasons and VM-instruction errors (they go with the bits). */
  enums: ModelEnum[];
  exitReasons: ModelEnum | null;
  errors: ModelEnum | null;
}

/** The name sets `--names` accepts, for a table: vmcs, sdm, then the projects of projectNames. */
export function nameSets(table: GenTable): string[] {
  return ['vmcs', 'sdm', ...Object.keys(table.projectNames?.projects ?? {})];
}

/** "Virtual-processor identifier (VPID)" -> VIRTUAL_PROCESSOR_IDENTIFIER_VPID */
export function sdmIdentifier(title: string): string {
  return title
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

export function bitRange(bits: string): [number, number] {
  const i = bits.indexOf(':');
  if (i === -1) return [Number(bits), Number(bits)];
  return [Number(bits.slice(0, i)), Number(bits.slice(i + 1))];
}

function maskOf(hi: number, lo: number): bigint {
  return ((1n << BigInt(hi - lo + 1)) - 1n) << BigInt(lo);
}

function whenText(w: GenLayoutBitWhen): string {
  const list = Array.isArray(w) ? w : [w];
  return 'when ' + list.map((c) => `${c.bits.includes(':') ? 'bits' : 'bit'} ${c.bits} = ${c.value}`).join(' and ');
}
type GenLayoutBitWhen = { bits: string; value: number } | Array<{ bits: string; value: number }>;

function enumOf(table: GenTable, key: string): ModelEnum | null {
  const e = table.enums?.[key];
  if (!e) return null;
  const members = Object.entries(e.values)
    .map(([v, m]): ModelEnumMember => {
      const out: ModelEnumMember = { id: m.id ?? sdmIdentifier(m.name), value: Number(v), name: m.name };
      if (m.note) out.note = m.note;
      return out;
    })
    .sort((a, b) => a.value - b.value);
  return { key, title: e.title, sdm: e.sdm ?? '', members };
}

/**
 * Build the model. `names` must be one of nameSets(table) (the caller checks, to give a
 * usage error with suggestions); unknown names fall back to the canonical ones.
 */
export function buildModel(table: GenTable, names: string, only: readonly Part[] | undefined, version: string, diagnostics: GenerateDiagnostic[]): Model {
  const parts = new Set<Part>(only && only.length ? only : PARTS);
  const projectList = names === 'vmcs' || names === 'sdm' ? undefined : table.projectNames?.projects[names];
  // identifier -> canonical NAME / NAME_HIGH, through the table's names and aliases
  const owner = new Map<string, string>();
  for (const f of table.fields) {
    for (const n of [f.name, ...f.aliases]) owner.set(n, f.name);
    if (f.high) for (const n of [f.name + '_HIGH', ...f.high.aliases]) owner.set(n, f.name + '_HIGH');
  }
  const projectName = new Map<string, string>();
  for (const id of projectList ?? []) {
    const c = owner.get(id);
    // The first name a project gives a field is the one used (tdx-module has two for one field).
    if (c && !projectName.has(c)) projectName.set(c, id);
  }

  const fields: ModelField[] = [];
  const fallbacks: string[] = [];
  const push = (canonical: string, encodingText: string, title: string, sdm: string, status: string | undefined, fullProjectName: string | undefined): string | undefined => {
    const encoding = parseInt(encodingText, 16);
    let raw: string;
    let source: ModelField['source'];
    if (names === 'vmcs') {
      raw = canonical;
      source = 'project';
    } else if (names === 'sdm') {
      raw = sdmIdentifier(title);
      source = 'sdm';
    } else if (projectName.has(canonical)) {
      raw = projectName.get(canonical)!;
      source = 'project';
    } else if (fullProjectName !== undefined) {
      raw = fullProjectName + '_HIGH';
      source = 'derived';
    } else {
      raw = canonical;
      source = 'canonical';
      fallbacks.push(canonical);
    }
    const f: ModelField = { encoding, ...encodingParts(encoding), raw, canonical, title, sdm, source };
    if (status) f.status = status;
    fields.push(f);
    return source === 'project' ? raw : undefined;
  };
  for (const f of table.fields) {
    const full = push(f.name, f.encoding, f.title, f.sdm, f.status, undefined);
    if (f.high) push(f.name + '_HIGH', f.high.encoding, f.high.title, f.sdm, f.status, full);
  }
  fields.sort((a, b) => a.encoding - b.encoding);
  if (fallbacks.length) diagnostics.push({ code: 'fallback-names', severity: 'info', args: { names, count: fallbacks.length, fields: fallbacks } });

  const layouts: ModelLayout[] = [];
  const tooWide: string[] = [];
  for (const [key, l] of Object.entries(table.layouts ?? {})) {
    if (l.bits.some((b) => bitRange(b.bits)[0] > 63)) {
      tooWide.push(key);
      continue;
    }
    let reservedMask = 0n;
    let default1Mask = 0n;
    let wide = false;
    const bits: ModelBit[] = [];
    for (const b of l.bits) {
      const [hi, lo] = bitRange(b.bits);
      if (hi > 31) wide = true;
      const mask = maskOf(hi, lo);
      if (b.default1) default1Mask |= mask;
      if (b.reserved) {
        reservedMask |= mask;
        continue;
      }
      const mb: ModelBit = { id: b.id ?? sdmIdentifier(b.name), name: b.name, bits: b.bits, hi, lo, mask, shift: lo, default1: b.default1 === true };
      if (b.when) mb.when = whenText(b.when);
      bits.push(mb);
    }
    layouts.push({ key, title: l.title, sdm: l.sdm ?? '', wide, bits, reservedMask, default1Mask });
  }

  if (tooWide.length && parts.has('bits')) diagnostics.push({ code: 'wide-layouts-left-out', severity: 'info', args: { count: tooWide.length, layouts: tooWide } });

  const enums = Object.keys(table.enums ?? {})
    .filter((k) => k !== 'basic-exit-reason' && k !== 'vm-instruction-error')
    .map((k) => enumOf(table, k)!)
    .filter((e) => e.members.length > 0);

  const source =
    names === 'vmcs'
      ? 'the canonical names of fields.json (Linux vmx.h where Linux has the field)'
      : names === 'sdm'
        ? 'identifiers made from the SDM Appendix B titles'
        : (table.aliasSources?.[names] ??
          table.aliasSources?.others?.split(', ').find((s) => s.includes(names)) ??
          `as fields.json projectNames.projects.${names} lists them`);

  return {
    version,
    sdmRevision: table.sdm.revision ?? 'unknown',
    names,
    namesSource: source,
    parts,
    fields: parts.has('fields') ? fields : [],
    layouts: parts.has('bits') ? layouts : [],
    enums: parts.has('bits') ? enums : [],
    exitReasons: parts.has('exit-reasons') ? enumOf(table, 'basic-exit-reason') : null,
    errors: parts.has('errors') ? enumOf(table, 'vm-instruction-error') : null,
  };
}

/** A field's comment: its encoding parts, title, SDM table and, for a fallback, why it has that name. */
export function fieldComment(f: ModelField, names: string): string {
  const width = f.width === 'natural' ? 'natural-width' : `${f.width}-bit`;
  const type = f.type === 'exit-info' ? 'read-only data' : f.type === 'control' ? 'control' : `${f.type}-state`;
  let c = `${f.title}; ${width}${f.access === 'high' ? ' (high 32 bits)' : ''} ${type}; SDM ${/^B-/.test(f.sdm) ? 'Table ' : ''}${f.sdm}`;
  if (f.status === 'newer') c += '; newer than the SDM edition of the table';
  if (f.status === 'removed') c += '; removed from the SDM';
  if (f.source === 'canonical') c += `; ${names} has no name for it (canonical name)`;
  if (f.source === 'derived') c += `; ${names} has no name for the high half (its name + _HIGH)`;
  return c;
}

/** Hex as the generated files write it: 0x + at least `digits` digits, lower case. */
export function hex(v: bigint | number, digits = 1): string {
  return '0x' + v.toString(16).padStart(digits, '0');
}

/** The header lines every file starts with (without comment markers). */
export function headerLines(m: Model, target: string): string[] {
  const parts = [...m.parts].join(',');
  return [
    `Generated by vmcs ${m.version} (vmcs generate ${target} --names ${m.names} --only ${parts}) from fields.json.`,
    `Intel SDM edition of the table: ${m.sdmRevision}.`,
    `Field identifiers: ${m.names}, ${m.namesSource}.`,
    'Do not edit: regenerate instead. Deterministic output, no timestamps: diff it to see what changed.',
  ];
}

/** Layout key -> words: "proc-based-primary" -> ["proc", "based", "primary"]. */
export function words(key: string): string[] {
  return key.split(/[^A-Za-z0-9]+/).filter(Boolean);
}
