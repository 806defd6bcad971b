/**
 * annotate: read VMCS dumps (text logs, JSON) and turn them into dumps of named fields.
 *
 * The Annotator is a streaming state machine: feed it chunks as they arrive, and it hands
 * back each dump as soon as the dump is complete, so memory stays flat however long the log.
 * `annotate()` is the same over a whole string or buffer.
 *
 * Dialects plug in as line parsers (./dialects/). A dump ends where a field already seen in
 * it appears again, at a blank line, or at a header line (one that mentions a VMCS or a dump).
 */
import { StringDecoder } from 'node:string_decoder';
import { encodingParts, widthBits, type Access, type FieldType, type Width } from './encoding.js';
import { diagnostic, type Diagnostic } from './diagnostics.js';
import { fieldByEncoding, suggestNames } from './table.js';
import { resolveField } from './fields.js';
import { pairs, parsePairLine } from './dialects/pairs.js';
import { explainWith, isMaskField, layoutFor, type DecodedBits } from './layouts.js';
import { createKernelParser, type KernelParser } from './dialects/kernel.js';
import { createOtherParsers, type OtherParser } from './dialects/others.js';
import { looksBinary, parseHexDump, readRegions, type LayoutProfile } from './binary.js';
import type { DumpFormat, DumpNote, LineSink } from './dialects/types.js';

export type { DumpFormat, DumpNote } from './dialects/types.js';
export type FormatOption = 'auto' | DumpFormat;

export interface DumpField {
  encoding: number;
  /** null for a well-formed encoding that no field of the table uses */
  name: string | null;
  title: string | null;
  width: Width;
  type: FieldType;
  access: Access;
  value: bigint;
  /** 1-based input line the value came from (absent for JSON input and binary regions) */
  line?: number;
  /** byte offset in a binary region */
  offset?: number;
  /** Codes of the diagnostics about this field (value-too-wide, conflicting-values, unknown-encoding, reserved-bit-set) */
  flags: Diagnostic['code'][];
  /** The layout that decoded the value, when the field has one (and bits were asked for) */
  layout?: string;
  /** The value bit by bit: set bits and every range */
  bits?: DecodedBits[];
}

export interface Dump {
  format: DumpFormat;
  /** File name, or "-" for standard input, when the caller gave one */
  source?: string;
  firstLine?: number;
  lastLine?: number;
  /** Grouped by type (control, exit-info, guest, host), then ordered by encoding */
  fields: DumpField[];
  diagnostics: Diagnostic[];
  /** Values the dump prints that are not VMCS fields (KVM's effective EFER, the VMCS address...) */
  notes?: DumpNote[];
  /** What a binary region was read as ("vmcs12 revision 0x11e57ed0 (KVM, with CET fields)") */
  description?: string;
}

export interface AnnotateSummary {
  lines: number;
  /** Lines that carried no field and were skipped */
  skipped: number;
  dumps: number;
  fields: number;
  errors: number;
  warnings: number;
}

export interface AnnotateResult {
  dumps: Dump[];
  /** Diagnostics that belong to no dump (a garbled line between dumps, no fields at all, ...) */
  diagnostics: Diagnostic[];
  summary: AnnotateSummary;
}

export interface AnnotateOptions {
  source?: string;
  format?: FormatOption;
  /** Decode each value bit by bit (default true); false keeps one line per field. */
  bits?: boolean;
  /** Layout profile for hardware VMCS pages (`--layout FILE.json`) */
  profile?: LayoutProfile;
}

/** Longest line kept; the rest of a longer line is dropped and reported. */
export const MAX_LINE = 64 * 1024;
/** Most diagnostics kept per dump and outside dumps; beyond, they are counted. */
export const MAX_DIAGNOSTICS = 1000;
/** Largest binary region input read. */
export const MAX_BINARY = 16 * 1024 * 1024;
/** Largest JSON document read (JSON input is parsed whole). */
export const MAX_JSON = 64 * 1024 * 1024;

const TYPE_ORDER: Record<FieldType, number> = { control: 0, 'exit-info': 1, guest: 2, host: 3 };

interface Pending {
  fields: Map<number, DumpField>;
  notes: DumpNote[];
  description?: string;
  format: Exclude<DumpFormat, 'json'>;
  diagnostics: Diagnostic[];
  dropped: number;
  firstLine: number;
  lastLine: number;
}

export class Annotator {
  readonly source: string | undefined;
  private readonly format: FormatOption;
  private readonly decodeBits: boolean;
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';
  private partialDropped = 0;
  private lineNo = 0;
  private mode: 'undecided' | 'lines' | 'json' | 'binary' | 'hexdump' = 'undecided';
  private binaryChunks: Uint8Array[] = [];
  /** The first bytes, while fewer than 16 have come */
  private head: Buffer | undefined;
  private headDecided = false;
  private binarySize = 0;
  private readonly profile: LayoutProfile | undefined;
  private readonly others: OtherParser[];
  private jsonChunks: string[] = [];
  private jsonSize = 0;
  private current: Pending | null = null;
  private sawBinary = false;
  /** Whether any text has arrived (a byte-order mark at the very start is dropped). */
  private started = false;
  private globalDropped = 0;
  /** KVM and Xen dumps; null when --format says pairs only. */
  private readonly kernel: KernelParser | null;
  /** The format the next dump opened takes. */
  private textFormat: Exclude<DumpFormat, 'json'> = 'pairs';
  /** Where the sink's dumps go while a line is parsed. */
  private pendingOut: Dump[] = [];
  private readonly sink: LineSink;
  readonly diagnostics: Diagnostic[] = [];
  readonly summary: AnnotateSummary = { lines: 0, skipped: 0, dumps: 0, fields: 0, errors: 0, warnings: 0 };

  constructor(options: AnnotateOptions = {}) {
    this.source = options.source;
    this.format = options.format ?? 'auto';
    this.decodeBits = options.bits ?? true;
    if (this.format === 'json') this.mode = 'json';
    else if (this.format !== 'auto') this.mode = 'lines';
    const f = this.format;
    this.kernel = f === 'auto' || f === 'kvm' || f === 'xen' ? createKernelParser() : null;
    this.others = f === 'auto' ? createOtherParsers() : createOtherParsers().filter((p) => p.format === f);
    this.profile = options.profile;
    const self = this;
    this.sink = {
      field: (encoding, digits, line) => self.addField(encoding, digits, line, self.pendingOut),
      boundary: () => self.close(self.pendingOut),
      skip: () => {
        self.summary.skipped++;
      },
      setFormat: (format) => {
        self.textFormat = format;
        if (self.current) self.current.format = format;
      },
      note: (n) => {
        // A note opens a dump too: some dumps are all notes (VirtualBox's VT-x info block).
        const cur = self.open(n.line);
        if (cur.notes.length < MAX_DIAGNOSTICS) cur.notes.push(n);
      },
      report: (d) => self.report(d),
      get inDump() {
        return self.current !== null;
      },
      get canReport() {
        return self.current ? self.current.diagnostics.length < MAX_DIAGNOSTICS : self.diagnostics.length < MAX_DIAGNOSTICS;
      },
    };
  }

  /** Feed a chunk of input; returns the dumps it completed. */
  write(chunk: string | Uint8Array): Dump[] {
    const out: Dump[] = [];
    if (typeof chunk !== 'string') {
      // A region starts with its revision id and the VMX-abort indicator (zero bytes): the
      // first 16 bytes tell, whatever size the chunks come in, so they are gathered first.
      if (this.mode === 'undecided' && !this.headDecided && this.format === 'auto') {
        const head = this.head ? Buffer.concat([this.head, chunk]) : chunk;
        if (head.length < 16) {
          this.head = Buffer.from(head);
          return out;
        }
        this.head = undefined;
        this.headDecided = true;
        chunk = head;
        if (looksBinary(head.subarray(0, 16))) {
          this.mode = 'binary';
          this.started = true;
        }
      }
      if (this.mode === 'binary') {
        this.bufferBinary(chunk);
        return out;
      }
    }
    let text = typeof chunk === 'string' ? chunk : this.decodeBytes(chunk);
    if (typeof chunk === 'string' && !this.sawBinary && text.includes('\u0000')) this.binary();
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (this.mode === 'undecided') {
      const probe = (this.partial + text).trimStart();
      const kind = sniffJson(probe);
      if (kind === 'undecided' && this.partial.length + text.length <= 4096) {
        this.partial += text;
        return out;
      }
      this.mode = kind === 'json' ? 'json' : this.format === 'auto' && looksLikeHexDump(probe) ? 'hexdump' : 'lines';
      text = this.partial + text;
      this.partial = '';
    }
    if (this.mode === 'json') {
      this.bufferJson(text);
      return out;
    }
    if (this.mode === 'hexdump') {
      this.jsonSize += text.length;
      if (this.jsonSize <= MAX_BINARY * 4) {
        this.jsonChunks.push(text);
        return out;
      }
      // too long for a hex dump of a VMCS region: read it as lines after all
      this.mode = 'lines';
      text = this.jsonChunks.join('') + text;
      this.jsonChunks = [];
    }
    this.splitLines(text, out);
    return out;
  }

  /** End of input: returns the dumps still open. */
  end(): Dump[] {
    const out: Dump[] = [];
    if (this.head) {
      // fewer than 16 bytes in all
      const head = this.head;
      this.head = undefined;
      this.headDecided = true;
      if (looksBinary(head)) {
        this.mode = 'binary';
        this.bufferBinary(head);
      } else out.push(...this.write(head));
    }
    let rest = this.decoder.end();
    if (this.mode === 'undecided') {
      // Short input that never showed what it is: blank, or a lone brace.
      const probe = (this.partial + rest).trimStart();
      this.mode = sniffJson(probe) === 'json' || (probe.startsWith('{') && this.format === 'auto') ? 'json' : 'lines';
      rest = this.partial + rest;
      this.partial = '';
    }
    if (this.mode === 'binary') {
      this.finishBinary(Buffer.concat(this.binaryChunks), out);
    } else if (this.mode === 'hexdump' && this.finishHexDump(rest, out)) {
      // read as a region
    } else if (this.mode === 'json') {
      this.bufferJson(rest);
      this.finishJson(out);
    } else {
      if (rest) this.splitLines(rest, out);
      if (this.partial.length > 0 || this.partialDropped > 0) {
        this.line(this.partial, out);
        this.partial = '';
      }
      this.pendingOut = out;
      this.endDialects();
      this.close(out);
    }
    if (this.summary.dumps === 0 && !this.diagnostics.some((d) => d.code === 'invalid-json')) {
      // Kept whatever the cap: it is the one thing to say about such an input.
      this.summary.errors++;
      this.diagnostics.push(diagnostic('no-fields', { lines: this.summary.lines }));
    }
    if (this.globalDropped > 0) {
      this.summary.warnings++;
      this.diagnostics.push(diagnostic('too-many-diagnostics', { count: this.globalDropped }));
    }
    return out;
  }

  private binary(): void {
    this.sawBinary = true;
    this.global(diagnostic('binary-input', {}));
  }

  private decodeBytes(bytes: Uint8Array): string {
    if (!this.sawBinary && bytes.indexOf(0) !== -1) this.binary();
    return this.decoder.write(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }

  private splitLines(text: string, out: Dump[]): void {
    let pos = 0;
    for (;;) {
      const nl = text.indexOf('\n', pos);
      if (nl === -1) {
        this.appendPartial(text.slice(pos));
        return;
      }
      let line: string;
      if (this.partial.length > 0 || this.partialDropped > 0) {
        this.appendPartial(text.slice(pos, nl));
        line = this.partial;
        this.partial = '';
      } else {
        line = nl - pos > MAX_LINE ? this.truncate(text.slice(pos, pos + MAX_LINE), nl - pos) : text.slice(pos, nl);
      }
      this.line(line, out);
      pos = nl + 1;
    }
  }

  private appendPartial(piece: string): void {
    const room = MAX_LINE - this.partial.length;
    if (piece.length <= room) this.partial += piece;
    else {
      this.partial += piece.slice(0, Math.max(0, room));
      this.partialDropped += piece.length - Math.max(0, room);
    }
  }

  private truncate(kept: string, length: number): string {
    this.partialDropped = length - kept.length;
    return kept;
  }

  private line(raw: string, out: Dump[]): void {
    const lineNo = ++this.lineNo;
    this.summary.lines++;
    if (this.partialDropped > 0) {
      // What is left of a cut line would be misread (a value cut short), so it is not parsed.
      this.report(diagnostic('line-too-long', { length: this.partialDropped + raw.length, kept: MAX_LINE }, lineNo));
      this.partialDropped = 0;
      return;
    }
    this.pendingOut = out;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const kernel = this.kernel;
    // Inside a pairs dump, a pairs field line is read as one at once: the other dialects'
    // patterns cost more than the line (logs of a million lines).
    if (this.current && this.textFormat === 'pairs' && this.format === 'auto' && !kernel?.inDump && !this.others.some((p) => p.inDump)) {
      const parsed = parsePairLine(line);
      if (parsed?.kind === 'field') {
        pairs.parse(line, lineNo, this.sink, parsed);
        return;
      }
    }
    if (kernel?.parse(line, lineNo, this.sink)) return;
    for (const p of this.others) if (p.parse(line, lineNo, this.sink)) return;
    if (this.format !== 'auto' && this.format !== 'pairs') {
      // a forced dialect: other lines are not read
      this.summary.skipped++;
      return;
    }
    if (kernel?.inDump || this.others.some((p) => p.inDump)) {
      // Inside a dump of another dialect, other lines (blank lines, other kernel messages) are
      // skipped; only a field line of the pairs dialect ends the dump.
      if (parsePairLine(line)?.kind !== 'field') {
        this.summary.skipped++;
        return;
      }
      this.endDialects();
      this.close(out);
    }
    if (this.textFormat !== 'pairs') {
      this.close(out);
      this.textFormat = 'pairs';
    }
    pairs.parse(line, lineNo, this.sink);
  }

  /** The dialects' dumps end here: they hand over what they still hold. */
  private endDialects(): void {
    this.kernel?.end(this.sink);
    for (const p of this.others) p.end(this.sink);
  }

  private addField(encoding: number, digits: string, lineNo: number | undefined, out: Dump[], value?: bigint): void {
    const seen = this.current?.fields.get(encoding);
    if (seen && (this.mode === 'json' || this.current!.format !== 'pairs')) {
      // One JSON object is one dump, and so is a KVM or Xen dump between its headers: the same
      // field twice (KVM prints the guest interrupt status twice) is checked, not a new dump.
      const v = value ?? (digits.replace(/^0+/, '') ? BigInt('0x' + digits.replace(/^0+/, '').slice(0, 32)) : 0n);
      if (v !== seen.value) {
        seen.flags.push('conflicting-values');
        this.report(diagnostic('conflicting-values', { field: seen.name ?? String(encoding), first: '0x' + seen.value.toString(16), second: '0x' + v.toString(16), part: 'value' }, lineNo));
      }
      return;
    }
    if (seen) this.close(out);
    const cur = this.open(lineNo);
    const field = fieldByEncoding(encoding);
    const parts = field ?? encodingParts(encoding);
    const flags: Diagnostic['code'][] = [];
    let v = value;
    if (v === undefined) {
      if (digits.length > 32 && digits.replace(/^0+/, '').length > 32) {
        this.report(diagnostic('invalid-value', { token: field?.name ?? digits, value: digits.slice(0, 40) + '...' }, lineNo));
        return;
      }
      v = BigInt('0x' + digits);
    }
    const f: DumpField = {
      encoding,
      name: field?.name ?? null,
      title: field?.title ?? null,
      width: parts.width,
      type: parts.type,
      access: parts.access,
      value: v,
      flags,
    };
    if (lineNo !== undefined) f.line = lineNo;
    if (!field) {
      flags.push('unknown-encoding');
      this.report(diagnostic('unknown-encoding', { encoding: '0x' + encoding.toString(16).padStart(8, '0') }, lineNo));
    }
    const bits = widthBits(parts.width, parts.access);
    if (v >> BigInt(bits) !== 0n) {
      flags.push('value-too-wide');
      this.report(diagnostic('value-too-wide', { field: f.name ?? '0x' + encoding.toString(16), value: '0x' + v.toString(16), bits }, lineNo));
    }
    cur.fields.set(encoding, f);
    if (lineNo !== undefined) cur.lastLine = lineNo;
  }

  private open(lineNo: number | undefined): Pending {
    if (!this.current) {
      this.current = { fields: new Map(), notes: [], format: this.textFormat, diagnostics: [], dropped: 0, firstLine: lineNo ?? 0, lastLine: lineNo ?? 0 };
    }
    return this.current;
  }

  private report(d: Diagnostic): void {
    if (d.severity === 'error') this.summary.errors++;
    else this.summary.warnings++;
    const cur = this.current;
    if (cur) {
      if (cur.diagnostics.length < MAX_DIAGNOSTICS) cur.diagnostics.push(d);
      else cur.dropped++;
    } else this.keepGlobal(d);
  }

  private global(d: Diagnostic): void {
    if (d.severity === 'error') this.summary.errors++;
    else this.summary.warnings++;
    this.keepGlobal(d);
  }

  private keepGlobal(d: Diagnostic): void {
    if (this.diagnostics.length < MAX_DIAGNOSTICS) this.diagnostics.push(d);
    else this.globalDropped++;
  }

  /** Close the open dump, if any, and hand it out. */
  private close(out: Dump[]): void {
    const cur = this.current;
    if (!cur) return;
    this.current = null;
    if (cur.fields.size === 0 && cur.notes.length === 0) {
      for (const d of cur.diagnostics) this.keepGlobal(d);
      return;
    }
    this.mergeHalves(cur);
    const fields = [...cur.fields.values()].sort((a, b) => TYPE_ORDER[a.type] - TYPE_ORDER[b.type] || a.encoding - b.encoding);
    if (this.decodeBits) {
      this.explainFields(cur, fields);
      nameFailingMsrEntry(cur, fields);
    }
    if (cur.dropped > 0) {
      this.summary.warnings++;
      cur.diagnostics.push(diagnostic('too-many-diagnostics', { count: cur.dropped }));
    }
    const dump: Dump = { format: this.mode === 'json' ? 'json' : cur.format, fields, diagnostics: cur.diagnostics };
    if (cur.notes.length) dump.notes = cur.notes;
    if (cur.description !== undefined) dump.description = cur.description;
    if (this.source !== undefined) dump.source = this.source;
    if (cur.firstLine) {
      dump.firstLine = cur.firstLine;
      dump.lastLine = cur.lastLine;
    }
    this.summary.dumps++;
    this.summary.fields += fields.length;
    out.push(dump);
  }

  /**
   * Decode every value that has a layout. The exit qualification and the instruction
   * information are read with this dump's own exit reason (and, for exception exits,
   * the vector of the exiting event).
   */
  private explainFields(cur: Pending, fields: DumpField[]): void {
    const reason = cur.fields.get(0x4402);
    const intr = cur.fields.get(0x4404);
    const context = {
      exitReason: reason ? Number(reason.value & 0xffffn) : undefined,
      vector: intr && (intr.value >> 31n) & 1n ? Number(intr.value & 0xffn) : undefined,
    };
    for (const f of fields) {
      if (f.access !== 'full' || f.name === null || f.flags.includes('value-too-wide')) continue;
      const field = fieldByEncoding(f.encoding)!;
      const id = layoutFor(field, errorCodeContext(cur, field) ?? context);
      if (!id) continue;
      const e = explainWith(id, f.value, widthBits(f.width), false, isMaskField(field));
      f.layout = id;
      f.bits = e.bits;
      for (const shared of e.diagnostics) {
        if (shared.code !== 'unknown-value' && !f.flags.includes(shared.code)) f.flags.push(shared.code);
        // Explanations are shared between fields with the same value: copy before adding where.
        const d: Diagnostic = { ...shared, args: { ...shared.args, field: f.name } };
        if (f.line !== undefined) d.line = f.line;
        if (d.severity === 'error') this.summary.errors++;
        else this.summary.warnings++;
        if (cur.diagnostics.length < MAX_DIAGNOSTICS) cur.diagnostics.push(d);
        else cur.dropped++;
      }
    }
  }

  /**
   * A 64-bit field printed as two 32-bit halves (full, then high = full+1, as 32-bit software
   * reads them): join them into one value. Halves that disagree with a 64-bit full value are flagged.
   */
  private mergeHalves(cur: Pending): void {
    for (const [enc, high] of cur.fields) {
      if (high.access !== 'high') continue;
      const full = cur.fields.get(enc - 1);
      if (!full || high.flags.length > 0 || full.flags.includes('value-too-wide')) continue;
      const upper = full.value >> 32n;
      if (upper === 0n || upper === high.value) {
        full.value = (high.value << 32n) | (full.value & 0xffffffffn);
        cur.fields.delete(enc);
      } else {
        const d = diagnostic(
          'conflicting-values',
          { field: full.name ?? String(enc - 1), first: '0x' + upper.toString(16), second: '0x' + high.value.toString(16), part: 'bits 63:32' },
          high.line,
        );
        full.flags.push('conflicting-values');
        high.flags.push('conflicting-values');
        this.summary.warnings++;
        cur.diagnostics.push(d);
      }
    }
  }

  private bufferJson(text: string): void {
    if (!text) return;
    this.jsonSize += text.length;
    if (this.jsonSize <= MAX_JSON) this.jsonChunks.push(text);
  }

  private bufferBinary(chunk: Uint8Array): void {
    this.binarySize += chunk.length;
    if (this.binarySize <= MAX_BINARY) this.binaryChunks.push(chunk);
  }

  /** A hex dump (xxd, hexdump -C, od) of a region; false when the text is not one after all. */
  private finishHexDump(rest: string, out: Dump[]): boolean {
    const text = this.jsonChunks.join('') + this.partial + rest;
    this.jsonChunks = [];
    this.partial = '';
    const bytes = parseHexDump(text);
    if (bytes) {
      this.summary.lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
      this.finishBinary(bytes, out);
      return true;
    }
    this.mode = 'lines';
    this.splitLines(text, out);
    if (this.partial.length > 0) {
      this.line(this.partial, out);
      this.partial = '';
    }
    this.pendingOut = out;
    this.endDialects();
    this.close(out);
    return true;
  }

  /** A binary region (or several: a nested-state blob holds a vmcs12 and a shadow vmcs12). */
  private finishBinary(bytes: Uint8Array, out: Dump[]): void {
    this.binaryChunks = [];
    if (this.binarySize > MAX_BINARY) {
      this.global(diagnostic('truncated-region', { format: 'input', length: this.binarySize, needed: MAX_BINARY, missing: 0, reason: `input of ${this.binarySize} bytes: only the first ${MAX_BINARY} were read` }));
    }
    for (const r of readRegions(bytes, this.profile ? { profile: this.profile } : {})) {
      this.textFormat = r.format;
      const cur = this.open(undefined);
      cur.description = r.description;
      for (const f of r.fields) {
        this.addField(f.encoding, '', undefined, out, f.value);
        const df = cur.fields.get(f.encoding);
        if (df) df.offset = f.offset;
      }
      for (const n of r.notes) cur.notes.push({ offset: n.offset, label: n.label, value: n.value, what: n.what });
      for (const d of r.diagnostics) this.report(diagnostic(d.code, d.args));
      this.close(out);
    }
  }

  private finishJson(out: Dump[]): void {
    const text = this.jsonChunks.join('');
    this.jsonChunks = [];
    if (this.jsonSize > MAX_JSON) {
      this.global(diagnostic('invalid-json', { reason: `larger than ${MAX_JSON / 1024 / 1024} MiB` }));
      return;
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      if (this.format === 'json') {
        this.global(diagnostic('invalid-json', { reason: (e as Error).message }));
        return;
      }
      // Not JSON after all: a text log that happens to start with a brace.
      this.mode = 'lines';
      this.splitLines(text, out);
      if (this.partial.length > 0) {
        this.line(this.partial, out);
        this.partial = '';
      }
      this.close(out);
      return;
    }
    this.mode = 'json';
    const objects = jsonDumps(doc);
    if (objects === null) {
      this.global(diagnostic('invalid-json', { reason: 'expected an object of fields, an array of them, or annotate --json output' }));
      return;
    }
    for (const obj of objects) {
      this.open(undefined);
      for (const [key, value] of obj) this.jsonEntry(key, value, out);
      this.close(out);
    }
  }

  private jsonEntry(key: string, value: unknown, out: Dump[]): void {
    const encoding = resolveField(key);
    if (encoding === undefined) {
      this.report(diagnostic('unknown-field', { token: key, suggestions: suggestNames(key) }));
      return;
    }
    let v: bigint | undefined;
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) v = BigInt(value);
    else if (typeof value === 'string' && /^(?:0x)?[0-9a-f]+$/i.test(value.trim())) {
      const digits = value.trim().replace(/^0x/i, '');
      this.addField(encoding, digits, undefined, out);
      return;
    }
    if (v === undefined) {
      this.report(diagnostic('invalid-json-entry', { key, value: JSON.stringify(value)?.slice(0, 40) ?? String(value) }));
      return;
    }
    this.addField(encoding, '', undefined, out, v);
  }
}

/** The dumps a JSON document holds, as lists of [field, value] pairs; null when it is not one we read. */
function jsonDumps(doc: unknown): Array<Array<[string, unknown]>> | null {
  const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
  if (isObj(doc) && Array.isArray(doc.dumps)) {
    // annotate --json output
    const dumps: Array<Array<[string, unknown]>> = [];
    for (const d of doc.dumps) {
      if (!isObj(d) || !Array.isArray(d.fields)) return null;
      const pairs: Array<[string, unknown]> = [];
      for (const f of d.fields) {
        if (!isObj(f)) return null;
        const key = typeof f.encoding === 'string' ? f.encoding : typeof f.name === 'string' ? f.name : null;
        if (key === null) return null;
        pairs.push([key, f.value]);
      }
      dumps.push(pairs);
    }
    return dumps;
  }
  if (isObj(doc)) return [Object.entries(doc)];
  if (Array.isArray(doc) && doc.every(isObj)) return doc.map((o) => Object.entries(o as Record<string, unknown>));
  return null;
}

/** Whether text starts like a hex dump: xxd, hexdump -C, od -A x -t x1z, or plain hex bytes. */
function looksLikeHexDump(probe: string): boolean {
  const first = probe.slice(0, probe.indexOf('\n') === -1 ? probe.length : probe.indexOf('\n')).trim();
  return (
    /^[0-9a-fA-F]{6,16}: (?:[0-9a-fA-F]{2,8} ){2,}/.test(first) || // xxd
    /^[0-9a-fA-F]{6,16} {1,2}(?:[0-9a-fA-F]{2} ){8}/.test(first) || // hexdump -C, od -t x1
    /^(?:0x)?[0-9a-fA-F]{2}(?:[ ,]+(?:0x)?[0-9a-fA-F]{2}){7,}/.test(first) || // plain bytes
    /^[0-9a-fA-F]{32,}$/.test(first) // xxd -p
  );
}

/**
 * Whether input that starts this way is JSON. dmesg lines start with "[" too, so a bracket
 * counts only when an object or the end of the array follows it.
 */
function sniffJson(probe: string): 'json' | 'lines' | 'undecided' {
  if (probe.length === 0) return 'undecided';
  const c = probe[0];
  if (c !== '{' && c !== '[') return 'lines';
  const rest = probe.slice(1).trimStart();
  if (rest.length === 0) return probe.length > 4096 ? 'lines' : 'undecided';
  const n = rest[0];
  if (c === '{') return n === '"' || n === '}' ? 'json' : 'lines';
  return n === '{' || n === ']' ? 'json' : 'lines';
}

/** Annotate a whole input at once. */
export function annotate(input: string | Uint8Array, options: AnnotateOptions = {}): AnnotateResult {
  const a = new Annotator(options);
  const dumps = [...a.write(input), ...a.end()];
  return { dumps, diagnostics: a.diagnostics, summary: a.summary };
}

/**
 * For an error-code field (its layout chosen by vector): the vector of its own event, read from
 * the event-identification field it names when that is valid and a hardware exception (type 3).
 */
function errorCodeContext(cur: { fields: Map<number, { value: bigint }> }, field: { name: string; entry: unknown }): { vector?: number } | undefined {
  const ref = (field.entry as { layout?: unknown }).layout;
  if (ref === null || typeof ref !== 'object' || !('vectorFrom' in ref)) return undefined;
  const event = cur.fields.get(parseInt(String((ref as { vectorFrom: string }).vectorFrom), 16));
  if (!event || ((event.value >> 31n) & 1n) === 0n || ((event.value >> 8n) & 7n) !== 3n) return {};
  // an error code is meaningful only with the event's error-code bit (11) set; event data always
  if (field.name.endsWith('ERROR_CODE') && ((event.value >> 11n) & 1n) === 0n) return {};
  return { vector: Number(event.value & 0xffn) };
}

/**
 * Exit reason 34 (VM-entry failure due to MSR loading): the exit qualification is the 1-based
 * index of the VM-entry MSR-load entry that failed. When the dump lists that area (KVM's
 * "MSR guest autoload" list, kept as notes), the decoded qualification names the entry.
 */
function nameFailingMsrEntry(cur: { notes: DumpNote[] }, fields: DumpField[]): void {
  const qual = fields.find((f) => f.layout === 'qual-msr-loading');
  if (!qual || !qual.bits) return;
  const n = Number(qual.value);
  const start = cur.notes.findIndex((x) => /^MSR guest autoload/.test(x.label));
  if (start === -1 || n < 1) return;
  // the list's entries: one "msr" note (and one "value" note) per printed line, up to the next list
  const entries: Array<{ msr: string; value?: string }> = [];
  const byLine = new Map<number, { msr: string; value?: string }>();
  for (const x of cur.notes.slice(start + 1)) {
    if (/^MSR (?:guest|host) auto/.test(x.label)) break;
    if (x.line === undefined) continue;
    if (x.label === 'msr') {
      const e = { msr: x.value };
      byLine.set(x.line, e);
      entries.push(e);
    } else if (x.label === 'value' && byLine.has(x.line)) byLine.get(x.line)!.value = x.value;
  }
  const e = entries[n - 1];
  const label = e
    ? `entry ${n} of the dump's VM-entry MSR-load list: MSR 0x${e.msr.replace(/^0x/i, '').replace(/^0+(?=.)/, '')}${e.value !== undefined ? `, value 0x${e.value.replace(/^0x/i, '')}` : ''}`
    : `entry ${n}; the dump's VM-entry MSR-load list has ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}`;
  // decoded bits are shared between equal values: copy before labelling
  qual.bits = qual.bits.map((d) => (d.id === 'ENTRY_INDEX' ? { ...d, label } : d));
}
