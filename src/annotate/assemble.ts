/**
 * Dump assembly: lines (read by the dialects of ../dialects/), binary regions (../regions/) and
 * JSON documents become dumps of named fields. A dump ends where a field already seen in it
 * appears again, at a blank line, or at a header line (one that mentions a VMCS or a dump);
 * the halves of 64-bit fields are joined, values decoded bit by bit (../bits/), and every
 * problem is a diagnostic of the dump, or of the input when it belongs to no dump.
 */
import { EncodingPages, encodingParts, valueDigits, widthBits } from '../table/encoding.js';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import type { BadHexLine } from '../regions/hexdump.js';
import { entryCore, fieldByEncoding, suggestNamesCached, suggestNamesRemembered } from '../table/table.js';
import { resolveField } from '../table/fields.js';
import { ambiguousLine, isPairFieldLine, pairs, parsePairLine, unknownTokensOf, type PairLine } from '../dialects/pairs.js';
import { explainWith, isMaskField, layoutFor } from '../bits/layouts.js';
import { createKernelParser, type KernelParser } from '../dialects/kvm-xen.js';
import { createOtherParsers, type OtherParser } from '../dialects/index.js';
import { countTokens, reportUnknown } from '../dialects/common.js';
import { readRegions } from '../regions/read.js';
import type { LayoutProfile } from '../regions/types.js';
import type { DumpFormat, DumpNote, LineSink } from '../dialects/types.js';
import type { AnnotateOptions, AnnotateSummary, Dump, DumpField, FormatOption } from './types.js';
import type { Access, FieldType, Width } from '../table/encoding.js';
import type { Field } from '../table/table.js';

/** Most diagnostics kept per dump and outside dumps; beyond, they are counted. */
export const MAX_DIAGNOSTICS = 1000;

/** `[text](url)`: a Markdown link, its text without brackets or line breaks. */
const MARKDOWN_LINK_RE = /\[([^\][\x00-\x1f\x7f]{1,200})\]\(((?:https?:\/\/|#)[^()\s\x00-\x1f\x7f]{1,2000})\)/g;
/** Quoted-printable text decoded (RFC 2045 `=XX`, UTF-8 sequences as one character; a sequence that is no UTF-8 as Latin-1). */
function decodeQp(s: string): string {
  if (!s.includes('=')) return s;
  return s.replace(/(?:=[0-9A-F]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run.replace(/=/g, '%'));
    } catch {
      return run.replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    }
  });
}

/** A letter, digit or `_`: a link next to one is inside a word. */
const WORD_CHAR_RE = /[0-9A-Za-z_]/;
/** Dumps are grouped by type, in this order (the SDM's: the type is bits 11:10 of the encoding). */
function typeOrder(t: FieldType): number {
  return t === 'control' ? 0 : t === 'exit-info' ? 1 : t === 'guest' ? 2 : 3;
}
const byTypeThenEncoding = (a: DumpField, b: DumpField): number => typeOrder(a.type) - typeOrder(b.type) || a.encoding - b.encoding;

/**
 * What a field line needs of its encoding, worked out once per encoding (a log of a million
 * lines names a few hundred): the table's field, its width and type, the largest value it
 * holds, how its value is decoded; and the last value read for it, which a log of dumps of the
 * same machine repeats (its digits and its bigint, kept while the next digits are the same).
 */
interface EncodingSlot {
  field: Field | undefined;
  width: Width;
  type: FieldType;
  access: Access;
  bits: number;
  /** 2^bits: a value at or above it is too wide */
  limit: bigint;
  /** how the value is decoded: a fixed layout, by exit reason or vector (layoutFor), or none */
  layout: 'none' | 'fixed' | 'context';
  fixedLayout: string | undefined;
  mask: boolean;
  lastDigits: string;
  lastValue: bigint;
  /** The last value decoded with the fixed layout, and its explanation (shared, read-only) */
  explainedValue: bigint;
  explained: ReturnType<typeof explainWith> | null;
}
const encodingSlots = new Map<number, EncodingSlot>();
/** The slots of the encodings below 0x8000 (every field the SDM names), by index: no hash per field line. */
const SMALL_ENCODINGS = EncodingPages.LIMIT;
const smallSlots = new EncodingPages<EncodingSlot>();

function encodingSlot(encoding: number): EncodingSlot {
  const small = (encoding | 0) === encoding && encoding >= 0 && encoding < SMALL_ENCODINGS;
  let slot = small ? (smallSlots.get(encoding) ?? undefined) : encodingSlots.get(encoding);
  if (slot === undefined) {
    const field = fieldByEncoding(encoding);
    const parts = field ?? encodingParts(encoding);
    const bits = widthBits(parts.width, parts.access);
    const ref = field ? entryCore(field).layout : undefined;
    const fixedLayout = field && typeof ref === 'string' ? layoutFor(field) : undefined;
    slot = {
      field,
      width: parts.width,
      type: parts.type,
      access: parts.access,
      bits,
      limit: 1n << BigInt(bits),
      layout: ref === undefined ? 'none' : typeof ref === 'string' ? (fixedLayout === undefined ? 'none' : 'fixed') : 'context',
      fixedLayout,
      mask: field ? isMaskField(field) : false,
      lastDigits: '-',
      lastValue: 0n,
      explainedValue: 0n,
      explained: null,
    };
    if (small) smallSlots.set(encoding, slot);
    else if (encodingSlots.size < 4096) encodingSlots.set(encoding, slot);
  }
  return slot;
}

/**
 * One vCPU's reader state. Interleaved vCPUs in one log (two vCPU threads' `dump_vmcs()` through
 * ftrace, `kvm_intel: vcpuN` or Xen `dNvN` prefixes) would make one dump of conflicting values:
 * the lines are routed by the vCPU they name, each vCPU to its own dump readers and open dump.
 * Only a second vCPU met while a KVM/Xen dump of the first is open makes a second state; until
 * then, and for lines that name no vCPU, everything is read as before.
 */
interface VcpuStream {
  key: string | null;
  /** The key came from a line of a dump (not only from Xen's failure line before one). */
  strong: boolean;
  /** The last line routed to it (idle streams are ended). */
  lastLine: number;
  current: Pending | null;
  textFormat: Exclude<DumpFormat, 'json'>;
  heldPairLine: { raw: string; lineNo: number } | null;
  heldUnknown: HeldPairLine[];
  kernel: KernelParser | null;
  others: OtherParser[];
  /** Those of `others` with continueHeld. */
  holders: OtherParser[];
}

/** Most vCPU states kept at once; past it, the one idle longest is ended. */
const MAX_VCPU_STREAMS = 64;

type FieldsLine = Extract<PairLine, { kind: 'fields' }>;

/**
 * A pairs line held before any dump (sink.holdUnknown, sink.holdReport): an unknown name, or a
 * `report` (a value that cannot be read; `quiet`: a field's name and words without a separator).
 */
interface HeldPairLine {
  line: number;
  text: string;
  token: string;
  value: string;
  report?: Diagnostic;
  quiet?: boolean;
}

/** A pairs line of fields beside unknown names, reported where no pairs dump was open (DumpAssembler.holdMixed). */
interface HeldMixed {
  line: number;
  text: string;
  parsed: FieldsLine;
  /** Its ambiguous-line report, and the list it went to. */
  report: Diagnostic;
  into: Diagnostic[];
  /** The unknown tokens it counted, and the first token counted before it. */
  counted: number;
  firstSkipped: { token: string; line: number } | null;
}
/** A vCPU state that got no line for this many lines is ended (its dump closes). */
const VCPU_IDLE_LINES = 4096;

/**
 * The vCPU a line names in its prefix, as a key: the thread of an ftrace line
 * (`<comm>-<pid> [cpu]`, kernel/trace/trace_output.c; the comm may hold blanks: `CPU 0/KVM-1234`),
 * `kvm_intel: vcpuN`, or Xen's `%pv` (`(XEN) d1v0 `, as gprintk() prints it); null when none.
 * `weak` (out): Xen's failure line before a dump (`d1v0 vmentry failure`, `d1v0 VMLAUNCH error`),
 * which names the vCPU of the dump after it in logs whose dump lines name none.
 */
function vcpuOf(line: string, out: { weak: boolean }): string | null {
  out.weak = false;
  const b = line.indexOf('[');
  if (b > 2 && b < 80 && line.charCodeAt(b - 1) === 0x20) {
    let j = b - 1;
    while (j > 0 && line.charCodeAt(j) === 0x20) j--;
    const end = j + 1;
    while (j > 0 && isDigit(line.charCodeAt(j))) j--;
    if (j < end - 1 && line.charCodeAt(j) === 0x2d && j > 0 && line.charCodeAt(j - 1) !== 0x20) {
      let k = b + 1;
      while (k < line.length && isDigit(line.charCodeAt(k))) k++;
      if (k > b + 1 && line.charCodeAt(k) === 0x5d) return 't' + line.slice(j + 1, end);
    }
  }
  const x = line.indexOf('(XEN)');
  if (x !== -1) {
    XEN_VCPU_KEY_RE.lastIndex = x + 5;
    const m = XEN_VCPU_KEY_RE.exec(line);
    if (m) {
      out.weak = m[2] !== undefined;
      return 'x' + m[1]!;
    }
  }
  const v = line.indexOf('kvm_intel: vcpu');
  if (v !== -1) {
    let k = v + 15;
    while (k < line.length && isDigit(line.charCodeAt(k))) k++;
    const c = k < line.length ? line.charCodeAt(k) : 0x20;
    if (k > v + 15 && (c === 0x20 || c === 0x3a || c === 0x2c || c === 0x09)) return 'k' + line.slice(v + 15, k);
  }
  return null;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** After `(XEN)` (and its optional `[timestamp]`): Xen's `%pv`, and whether it starts the failure line. */
const XEN_VCPU_KEY_RE = /(?: \[[^\]]{0,40}\])? +(d\d+v\d+)(?=\s|$)( +(?:vmentry failure|VMLAUNCH|VMRESUME))?/y;

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

export class DumpAssembler {
  private readonly source: string | undefined;
  private readonly format: FormatOption;
  private readonly decodeBits: boolean;
  private readonly profile: LayoutProfile | undefined;
  private others: OtherParser[];
  /** The readers of `others` that can hold a row a hard wrap cut (continueHeld): asked before every line. */
  private holders: OtherParser[];
  /** KVM and Xen dumps; null when --format says pairs only. */
  private kernel: KernelParser | null;
  private lineNo = 0;
  /** Whether the dumps come from a JSON document (one object, one dump). */
  private json = false;
  private current: Pending | null = null;
  private globalDropped = 0;
  /** The format the next dump opened takes. */
  private textFormat: Exclude<DumpFormat, 'json'> = 'pairs';
  /**
   * A pairs line of bare numbers (`0x00000000 0x00000001`) met inside a KVM/Xen dump: junk in
   * the dump (reported by the KVM/Xen reader) when the dump goes on after it, else the start of
   * a pairs dump, read when the next line shows which.
   */
  private heldPairLine: { raw: string; lineNo: number } | null = null;
  /**
   * The last field a pairs line gave (pairsLineRead), for a line of nothing but hex digits right
   * after it: the rest of its value cut by a hard wrap, or a number no field takes (continuePairs).
   */
  private cutLine = -1;
  private cutDump: Pending | null = null;
  /** That line's text (its last field and value are found again only when a line of hex digits follows: continuePairs). */
  private cutRaw = '';
  /** Whether a line of digits may still join that value (not after one was joined or reported). */
  private cutOpen = false;
  /** Links taken out of the current line, reported once the line is read (into the dump it lands in). */
  private pendingLinks: Diagnostic[] = [];
  /**
   * Quoted-printable text (a mail's body as the archive stores it: `CR3=3D0x…`, lines cut by
   * soft breaks, `=` at their end): decoded once seen. A line ending in a soft break is held and
   * joined with the next (what the sender pasted), read under its first line's number.
   */
  private qp = false;
  private qpHeld: { raw: string; lineNo: number; parts: number } | null = null;
  /** Where the sink's dumps go while a line is parsed. */
  private pendingOut: Dump[] = [];
  private readonly sink: LineSink;
  readonly diagnostics: Diagnostic[] = [];
  readonly summary: AnnotateSummary = { lines: 0, skipped: 0, dumps: 0, fields: 0, errors: 0, warnings: 0, unknownReported: 0, unknownSkipped: 0 };
  /** A reader's lines not yet given to a dump (sink.hold, haxm.ts): given before another reader writes. */
  private holder: (() => void) | null = null;
  private releaseHolder(): void {
    const release = this.holder!;
    this.holder = null;
    release();
  }
  /** HAXM dump lines of vCPUs printing at once, that no dump was given (interleaved-lines), for the no-fields message. */
  private interleaved = 0;
  /** KVM trace lines of AMD (SVM) exits: how many, and the first (for the no-fields message: what was seen). */
  private svmSeen: { count: number; event: string; reason: string; line: number } | null = null;
  /** Tracepoints only AMD's (SVM) code prints, no exit (`kvm_nested_vmrun: rip: 0x… vmcb: 0x…`, sample 66). */
  private svmOnly: { count: number; event: string; line: number } | null = null;
  /** The first token counted on a line no reader takes, for the no-fields message. */
  private firstSkipped: { token: string; line: number } | null = null;
  /** Pairs lines of unknown names before any dump (sink.holdUnknown): the dump that opens next reports them. */
  private heldUnknown: HeldPairLine[] = [];
  /**
   * Pairs lines of fields beside unknown names read where no pairs dump was open (sink.holdMixed),
   * the last on the line before this one: reported (ambiguous-line) and counted, unless the pairs
   * dump whose first field comes next reads them after all (joinMixed takes the report back).
   */
  private heldMixed: HeldMixed[] = [];
  /** The vCPU the lines read so far named (key of vcpuOf), and whether a dump line named it. */
  private vcpuKey: string | null = null;
  private vcpuStrong = false;
  /** The reader states of interleaved vCPUs, the active one included; null while there is one. */
  private streams: VcpuStream[] | null = null;
  private active: VcpuStream | null = null;
  /** With several vCPU states: dumps closed, held until no open dump began before them (output in order of first line). */
  private ready: Dump[] = [];
  private readonly vcpuOut = { weak: false };

  constructor(options: AnnotateOptions = {}) {
    this.source = options.source;
    this.format = options.format ?? 'auto';
    this.decodeBits = options.bits ?? true;
    const f = this.format;
    this.kernel = f === 'auto' || f === 'kvm' || f === 'xen' ? createKernelParser() : null;
    this.others = f === 'auto' ? createOtherParsers() : createOtherParsers().filter((p) => p.format === f);
    this.holders = this.others.filter((p) => p.continueHeld !== undefined);
    this.profile = options.profile;
    const self = this;
    this.sink = {
      field: (encoding, digits, line) => {
        if (self.holder) self.releaseHolder();
        if (self.current === null && self.heldMixed.length > 0) self.joinMixed(line);
        self.addField(encoding, digits, line, self.pendingOut);
      },
      boundary: () => {
        if (self.holder) self.releaseHolder();
        self.close(self.pendingOut);
        self.releaseHeld();
      },
      hold: (release) => {
        self.holder = release;
      },
      skip: (text) => {
        self.summary.skipped++;
        if (text !== undefined) self.countSkipped(text, self.lineNo);
      },
      holdUnknown: (line, text, token, value) => {
        if (self.heldUnknown.length < 64) self.heldUnknown.push({ line, text, token, value });
        else {
          self.summary.skipped++;
          self.countSkipped(text, line);
        }
      },
      holdReport: (line, text, d, quiet) => {
        if (self.heldUnknown.length < 64) self.heldUnknown.push({ line, text, token: '', value: '', report: d, quiet });
        else self.releaseOne({ line, text, token: '', value: '', report: d, quiet });
      },
      holdMixed: (line, text, parsed) => self.holdMixed(line, text, parsed),
      setFormat: (format) => {
        if (self.holder) self.releaseHolder();
        self.textFormat = format;
        if (self.current) self.current.format = format;
      },
      note: (n) => {
        if (self.holder) self.releaseHolder();
        // A note opens a dump too: some dumps are all notes (VirtualBox's VT-x info block).
        const cur = self.open(n.line);
        if (cur.notes.length < MAX_DIAGNOSTICS) cur.notes.push(n);
      },
      describe: (text, line) => {
        if (self.holder) self.releaseHolder();
        const cur = self.open(line ?? self.lineNo);
        cur.description = text;
      },
      report: (d) => self.report(d),
      svm: (event, reason, line) => {
        if (reason === '') {
          if (self.svmOnly) self.svmOnly.count++;
          else self.svmOnly = { count: 1, event, line };
          return;
        }
        const seen = self.svmSeen;
        if (seen) seen.count++;
        else self.svmSeen = { count: 1, event, reason, line };
      },
      get inDump() {
        return self.current !== null;
      },
      get canReport() {
        return self.current ? self.current.diagnostics.length < MAX_DIAGNOSTICS : self.diagnostics.length < MAX_DIAGNOSTICS;
      },
      suggest: (token) => self.suggest(token),
    };
  }

  /** A line of text (its line ending gone) that the framing cut out of the input. */
  line(raw: string, out: Dump[]): void {
    if (this.qp || (raw.includes('=3D') && this.startQp(raw))) {
      const text = this.qpLine(raw);
      if (text === null) return;
      const real = this.lineNo;
      // the joined line is read under its first line's number
      this.lineNo = this.qpFirst - 1;
      this.summary.lines--;
      this.readDecoded(text, out);
      this.lineNo = real;
      return;
    }
    this.readDecoded(raw, out);
  }

  /** First line number of the quoted-printable line being read. */
  private qpFirst = 0;

  /** Whether a line shows quoted-printable text: `=3D` twice, or once before a soft break. */
  private startQp(raw: string): boolean {
    const first = raw.indexOf('=3D');
    const two = raw.indexOf('=3D', first + 3) !== -1;
    if (!two && !(raw.endsWith('=') && !raw.endsWith('=='))) return false;
    this.qp = true;
    this.global(diagnostic('quoted-printable', {}, this.lineNo + 1));
    return true;
  }

  /**
   * A raw line of quoted-printable text: null while a soft break holds it for the next (its line
   * counted), else the decoded text of the joined line (`qpFirst` its first line's number).
   */
  private qpLine(raw: string): string | null {
    const text = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
    const soft = text.endsWith('=') && !/=[0-9A-F]$/.test(text.slice(-2));
    const held = this.qpHeld;
    const joined = held ? held.raw + text : text;
    const first = held ? held.lineNo : this.lineNo + 1;
    if (soft && (held?.parts ?? 0) < 64 && joined.length < 16384) {
      this.qpHeld = { raw: joined.slice(0, -1), lineNo: first, parts: (held?.parts ?? 0) + 1 };
      this.lineNo++;
      this.summary.lines++;
      return null;
    }
    this.qpHeld = null;
    this.lineNo++;
    this.summary.lines++;
    this.qpFirst = first;
    return decodeQp(soft ? joined.slice(0, -1) : joined);
  }

  /** A decoded line of text. */
  private readDecoded(raw: string, out: Dump[]): void {
    if (this.streams && this.lineNo - this.idleChecked >= 256) this.endIdle();
    this.readLine(raw, this.streams ? this.ready : out);
    if (this.pendingLinks.length > 0) {
      for (const d of this.pendingLinks) this.report(d);
      this.pendingLinks = [];
    }
    if (this.streams) {
      this.endDone();
      this.releaseReady(out);
    }
  }

  /**
   * Threads that take turns (one prints a whole dump, then another): a vCPU whose dump reached
   * its last section (control state) and that printed nothing since another vCPU's dump began in
   * earnest (two of its lines read, a field among them) is done. Its dump is handed out now, not
   * at its thread's next line or after VCPU_IDLE_LINES lines; threads that interleave print
   * between each other's lines, and a dump not yet in its control state waits as before.
   */
  private endDone(): void {
    const cur = this.current;
    if (!cur || cur.lastLine <= cur.firstLine || cur.fields.size === 0) return;
    const list = this.streams!;
    for (let i = list.length - 1; i >= 0; i--) {
      const s = list[i]!;
      if (s !== this.active && s.current !== null && s.lastLine < cur.firstLine && s.kernel?.section === 'control') this.endStream(s);
    }
  }

  /**
   * The vCPU the line names, if any: its reader state reads it (route). Not asked of a line the
   * pairs fast path takes: a pairs field's name has no blank, and a vCPU prefix always has one.
   */
  private routeLine(line: string, lineNo: number): void {
    const key = this.format === 'auto' || this.format === 'kvm' || this.format === 'xen' ? vcpuOf(line, this.vcpuOut) : null;
    if (key !== null && key !== this.vcpuKey) this.route(key, this.vcpuOut.weak);
    else if (key !== null && !this.vcpuOut.weak) this.vcpuStrong = true;
    if (this.streams) {
      this.active!.lastLine = lineNo;
      this.pendingOut = this.ready;
    }
  }

  /**
   * A line names another vCPU than the lines before: the reader state of that vCPU reads it. A
   * second state is made only when a KVM/Xen dump of the first is open; else the one state goes
   * on with the new vCPU (dumps one after the other are read as before).
   */
  private route(key: string, weak: boolean): void {
    const streams = this.streams;
    if (streams) {
      const s = streams.find((x) => x !== this.active && x.key === key);
      if (s) {
        this.switchTo(s);
        if (!weak) this.vcpuStrong = true;
        return;
      }
    }
    if (this.vcpuKey === null || !this.kernel?.inDump || (weak && !this.vcpuStrong)) {
      this.vcpuKey = key;
      this.vcpuStrong = !weak;
      return;
    }
    if (!streams) {
      this.active = this.save({} as VcpuStream);
      // the one state read every line before this one (this line is the new vCPU's)
      this.active.lastLine = this.lineNo - 1;
      this.streams = [this.active];
    }
    const list = this.streams!;
    this.endIdle();
    if (list.length >= MAX_VCPU_STREAMS) this.endStream(list.filter((x) => x !== this.active).reduce((a, b) => (a.lastLine <= b.lastLine ? a : b)));
    const f = this.format;
    const others = f === 'auto' ? createOtherParsers() : createOtherParsers().filter((p) => p.format === f);
    const fresh: VcpuStream = {
      key,
      strong: !weak,
      lastLine: this.lineNo,
      current: null,
      textFormat: 'pairs',
      heldPairLine: null,
      heldUnknown: [],
      kernel: f === 'auto' || f === 'kvm' || f === 'xen' ? createKernelParser() : null,
      others,
      holders: others.filter((p) => p.continueHeld !== undefined),
    };
    list.push(fresh);
    this.switchTo(fresh);
  }

  /** Line number of the last look for idle vCPU states. */
  private idleChecked = 0;

  /**
   * vCPUs that went quiet: their dumps end, so that the dumps of the others are not held behind
   * them (memory stays bounded however many threads a log has and however long it goes on).
   */
  private endIdle(): void {
    this.idleChecked = this.lineNo;
    const list = this.streams!;
    for (let i = list.length - 1; i >= 0; i--) {
      const s = list[i]!;
      if (s !== this.active && this.lineNo - s.lastLine > VCPU_IDLE_LINES) this.endStream(s);
    }
  }

  /** The active reader state, saved into `s`. */
  private save(s: VcpuStream): VcpuStream {
    s.key = this.vcpuKey;
    s.strong = this.vcpuStrong;
    s.current = this.current;
    s.textFormat = this.textFormat;
    s.heldPairLine = this.heldPairLine;
    s.heldUnknown = this.heldUnknown;
    s.kernel = this.kernel;
    s.others = this.others;
    s.holders = this.holders;
    return s;
  }

  private switchTo(s: VcpuStream): void {
    if (s === this.active) return;
    this.save(this.active!);
    this.active = s;
    // another vCPU's dialects: whether they are in a dump is asked again
    this.idleKnown = false;
    this.vcpuKey = s.key;
    this.vcpuStrong = s.strong;
    this.current = s.current;
    this.textFormat = s.textFormat;
    this.heldPairLine = s.heldPairLine;
    this.heldUnknown = s.heldUnknown;
    this.heldMixed = [];
    this.kernel = s.kernel;
    this.others = s.others;
    this.holders = s.holders;
  }

  /** A vCPU's state ends: its readers hand over what they hold, its dump closes (into the ready list). */
  private endStream(s: VcpuStream): void {
    const back = this.active!;
    this.switchTo(s);
    this.endOne(this.ready);
    const list = this.streams!;
    list.splice(list.indexOf(s), 1);
    if (back !== s) this.switchTo(back);
    else this.switchTo(list[list.length - 1]!);
  }

  /** Dumps of the ready list that no open dump began before, in order of first line. */
  private releaseReady(out: Dump[]): void {
    const ready = this.ready;
    if (ready.length === 0) return;
    if (ready.length > 1) ready.sort((a, b) => (a.firstLine ?? 0) - (b.firstLine ?? 0));
    let first = Infinity;
    for (const s of this.streams!) {
      const cur = s === this.active ? this.current : s.current;
      if (cur && cur.firstLine < first) first = cur.firstLine;
    }
    let n = 0;
    while (n < ready.length && (ready[n]!.firstLine ?? 0) < first) out.push(ready[n++]!);
    if (n > 0) ready.splice(0, n);
    if (this.streams!.length === 1 && ready.length === 0) {
      // one vCPU left: back to the plain path
      this.streams = null;
      this.active = null;
    }
  }

  /** End of text or of the lines of a JSON-looking log: every vCPU's state ends, dumps in order of first line. */
  private endStreams(out: Dump[]): void {
    const list = this.streams!;
    while (list.length > 1) this.endStream(list[0] === this.active ? list[1]! : list[0]!);
    this.endOne(this.ready);
    this.ready.sort((a, b) => (a.firstLine ?? 0) - (b.firstLine ?? 0));
    out.push(...this.ready);
    this.ready = [];
    this.streams = null;
    this.active = null;
  }

  /** Close every open dump (a text log read as lines after all: framing.ts). */
  closeAll(out: Dump[]): void {
    if (!this.streams) {
      this.close(out);
      return;
    }
    for (const s of [...this.streams]) {
      this.switchTo(s);
      this.close(this.ready);
    }
    this.ready.sort((a, b) => (a.firstLine ?? 0) - (b.firstLine ?? 0));
    out.push(...this.ready);
    this.ready = [];
    this.streams = null;
    this.active = null;
  }

  private readLine(raw: string, out: Dump[]): void {
    const lineNo = ++this.lineNo;
    this.summary.lines++;
    this.pendingOut = out;
    let line = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
    if (line.includes('](')) line = this.unlink(line, lineNo);
    let kernel = this.kernel;
    const held = this.heldPairLine;
    if (held) {
      this.idleKnown = false;
      this.heldPairLine = null;
      if (kernel?.parse(line, lineNo, this.sink)) return; // the dump goes on: the held line was junk in it
      this.startPairs(held.raw, held.lineNo, out);
      this.lineNo--;
      this.summary.lines--;
      this.pendingLinks = [];
      this.readLine(raw, out);
      return;
    }
    // a line of hex digits alone right after a pairs line: the rest of its value, or reported
    if (this.cutLine === lineNo - 1 && this.cutDump === this.current && this.cutDump !== null && isHexLine(line)) {
      this.continuePairs(line, lineNo);
      return;
    }
    // a row a hard wrap cut, held by its reader: the next line may be its rest
    const holders = this.holders;
    for (let i = 0; i < holders.length; i++) if (holders[i]!.continueHeld!(line, lineNo, this.sink)) return;
    // Inside a pairs dump, a pairs field line is read as one at once: the other dialects'
    // patterns cost more than the line (logs of a million lines). A field named by words with a
    // blank between them (`PLE Gap=00000080`, a KVM or Xen line cut by a wrap before its
    // `Window=`) may be a KVM or Xen dump line: those go the whole way, kernel reader first.
    if (this.current && this.textFormat === 'pairs' && this.format === 'auto' && this.dialectsIdle()) {
      const parsed = parsePairLine(line);
      if (parsed?.kind === 'field' && !parsed.token.includes(' ')) {
        pairs.parse(line, lineNo, this.sink, parsed);
        this.pairsLineRead(line, lineNo);
        return;
      }
    }
    this.routeLine(line, lineNo);
    kernel = this.kernel;
    out = this.pendingOut;
    // the other dialects read this line: whether they are in a dump is asked again next time
    this.idleKnown = false;
    if (kernel?.parse(line, lineNo, this.sink)) return;
    for (const p of this.others) if (p.parse(line, lineNo, this.sink)) return;
    if (this.format !== 'auto' && this.format !== 'pairs') {
      // a forced dialect: other lines are not read
      this.summary.skipped++;
      this.countSkipped(line, lineNo);
      return;
    }
    if (kernel?.inDump || this.others.some((p) => p.inDump)) {
      // Inside a dump of another dialect, other lines (blank lines, other kernel messages) are
      // skipped; only a field line of the pairs dialect ends the dump.
      const p = parsePairLine(line);
      if (!isPairFieldLine(p)) {
        // fields beside unknown names (pairs.ts): its unknown tokens counted, the line reported,
        // unless a pairs dump opens on the next line (the dump of this dialect ends there)
        if (p?.kind === 'fields') this.holdMixed(lineNo, line, p);
        else {
          this.summary.skipped++;
          this.countSkipped(line, lineNo);
        }
        return;
      }
      if (kernel?.inDump && ((p!.kind === 'field' && /^(?:0[xX])?[0-9a-fA-F]+$/.test(p!.token)) || (p!.kind === 'fields' && p!.run))) {
        this.heldPairLine = { raw: line, lineNo };
        this.summary.skipped++;
        return;
      }
    }
    this.startPairs(line, lineNo, out);
  }

  /**
   * Whether no other dialect is inside a dump, remembered while only the pairs reader reads
   * lines (the others' state cannot change): asking six readers for every line of a pairs log
   * cost more than reading it.
   */
  private idle = false;
  private idleKnown = false;
  private dialectsIdle(): boolean {
    if (!this.idleKnown) {
      this.idle = !this.kernel?.inDump && !this.othersInDump();
      this.idleKnown = true;
    }
    return this.idle;
  }

  /** Whether a dialect other than KVM/Xen is inside a dump. */
  private othersInDump(): boolean {
    const others = this.others;
    for (let i = 0; i < others.length; i++) if (others[i]!.inDump) return true;
    return false;
  }

  /**
   * A Markdown link pasted into a line (`6e[182](https://…#step:12:183)000`: a CI log viewer's
   * line link copied into an issue) shows as its text on the page: the line is read as shown,
   * and a link inside a word (glued to the letters or digits around it, as the spliced one of a
   * value) is reported by line. A link that is a word of its own (`[log.txt](https://…)`, the
   * attachment line of an issue) is ordinary Markdown: read as its text, not reported.
   */
  private unlink(line: string, lineNo: number): string {
    const links: Array<{ at: number; end: number; text: string; url: string }> = [];
    for (const m of line.matchAll(MARKDOWN_LINK_RE)) links.push({ at: m.index!, end: m.index! + m[0].length, text: m[1]!, url: m[2]! });
    let out = '';
    let from = 0;
    links.forEach((k, i) => {
      // glued to a word, or to a link glued to one (`0x[ff](#x)[f0](#y)`)
      const before = WORD_CHAR_RE.test(line.charAt(k.at - 1)) || (i > 0 && links[i - 1]!.end === k.at);
      const after = WORD_CHAR_RE.test(line.charAt(k.end)) || (i + 1 < links.length && links[i + 1]!.at === k.end);
      if (before || after) this.pendingLinks.push(diagnostic('pasted-link', { text: k.text.slice(0, 40), url: k.url.slice(0, 100) }, lineNo));
      out += line.slice(from, k.at) + k.text;
      from = k.end;
    });
    return out + line.slice(from);
  }

  /** A pairs line: it ends another dialect's dump. */
  private startPairs(line: string, lineNo: number, out: Dump[]): void {
    if (this.kernel?.inDump || this.others.some((p) => p.inDump)) {
      this.endDialects();
      this.close(out);
    }
    if (this.textFormat !== 'pairs') {
      this.close(out);
      this.textFormat = 'pairs';
    }
    pairs.parse(line, lineNo, this.sink);
    this.pairsLineRead(line, lineNo);
  }

  /** A pairs line was read: its last field, when the line gave one and ends in its value, may go on in the next line (continuePairs). */
  private pairsLineRead(line: string, lineNo: number): void {
    const cur = this.current;
    if (cur === null || cur.format !== 'pairs') return;
    this.cutLine = lineNo;
    this.cutDump = cur;
    this.cutRaw = line;
    this.cutOpen = true;
  }

  /**
   * A line of nothing but hex digits right after a pairs line (`ExceptionBitmap=0` / `0060042`):
   * joined with that line's last value when the line ends in it, it is shorter than its field's
   * width and the digits make that width up exactly (4, 8 or 16: the rule the KVM and Xen readers
   * keep for a number cut between two records, src/dialects/kvm-xen.ts); else reported
   * (unplaced-line), never skipped without a word. A line of digits after that goes the same way.
   * (The pairs line is parsed again here, not remembered field by field as every line is read:
   * lines of digits alone are rare, pairs lines are not.)
   */
  private continuePairs(line: string, lineNo: number): void {
    const digits = line.trim();
    const last = this.cutOpen ? lastPairField(this.cutRaw) : null;
    const f = last === null ? undefined : this.cutDump!.fields.get(last.encoding);
    // (the field the line gave, still in the dump, the line ending in its value: a wrap may have cut it there)
    if (
      f !== undefined &&
      f.line === this.cutLine &&
      this.cutRaw.endsWith(last!.digits) &&
      last!.digits.length + digits.length === valueDigits(f.encoding)
    ) {
      f.value = hexBigInt(last!.digits + digits);
      this.cutDump!.lastLine = lineNo;
    } else {
      this.summary.skipped++;
      this.report(diagnostic('unplaced-line', { dialect: 'pairs', text: digits.slice(0, 100) }, lineNo));
    }
    this.cutLine = lineNo;
    this.cutOpen = false;
    this.cutRaw = '';
  }

  /** A line longer than the framing keeps: reported, not parsed (what is left would be misread). */
  lineTooLong(length: number, kept: number): void {
    const lineNo = ++this.lineNo;
    this.summary.lines++;
    this.report(diagnostic('line-too-long', { length, kept }, lineNo));
  }

  /** End of text input: the dialects hand over what they hold, and the open dump closes. */
  endText(out: Dump[]): void {
    const held = this.qpHeld;
    if (held) {
      // a soft break on the last line: what it held is read
      this.qpHeld = null;
      const real = this.lineNo;
      this.lineNo = held.lineNo - 1;
      this.summary.lines--;
      this.readDecoded(decodeQp(held.raw), out);
      this.lineNo = real;
    }
    if (this.streams) this.endStreams(out);
    else this.endOne(out);
  }

  /** The active reader state ends: what it holds is handed over, its open dump closes. */
  private endOne(out: Dump[]): void {
    this.pendingOut = out;
    const held = this.heldPairLine;
    if (held) {
      this.idleKnown = false;
      this.heldPairLine = null;
      this.startPairs(held.raw, held.lineNo, out);
    }
    this.endDialects();
    this.close(out);
    this.releaseHeld();
  }

  /**
   * The unknown-token policy (src/dialects/common.ts), outside dumps: a line no reader takes is
   * skipped (counted by the caller) and its `NAME=value` tokens are counted, never reported.
   */
  private countSkipped(text: string, lineNo: number): void {
    const t = countTokens(text);
    if (t.count === 0) return;
    this.summary.unknownSkipped += t.count;
    // the first by line: lines held before a dump that did not open are counted after later ones
    if (!this.firstSkipped || lineNo < this.firstSkipped.line) this.firstSkipped = { token: t.first.slice(0, 40), line: lineNo };
  }

  /** sink.holdMixed: the line skipped, counted and reported now; held for the line after it. */
  private holdMixed(lineNo: number, text: string, parsed: FieldsLine): void {
    const held = this.heldMixed;
    if (held.length > 0 && held[held.length - 1]!.line !== lineNo - 1) held.length = 0;
    const before = this.summary.unknownSkipped;
    const first = this.firstSkipped;
    this.summary.skipped++;
    this.countSkipped(unknownTokensOf(parsed), lineNo);
    const d = ambiguousLine(text, parsed, lineNo);
    const into = this.current ? this.current.diagnostics : this.diagnostics;
    this.report(d);
    if (held.length < 16) held.push({ line: lineNo, text, parsed, report: d, into, counted: this.summary.unknownSkipped - before, firstSkipped: first });
  }

  /**
   * A pairs dump opens with a field on `lineNo`: the mixed lines held just before it are lines of
   * it, read as such a line inside a dump is (its fields read, its unknown names reported); their
   * ambiguous-line reports and counts are taken back. A dump of another dialect, or a field not on
   * the line right after them, leaves them as they were reported.
   */
  private joinMixed(lineNo: number): void {
    const held = this.heldMixed;
    this.heldMixed = [];
    if (this.textFormat !== 'pairs' || this.json || held[held.length - 1]!.line !== lineNo - 1) return;
    const where = held.map((h) => {
      const at = h.into.lastIndexOf(h.report);
      return at >= 0 ? h.into : this.diagnostics.lastIndexOf(h.report) >= 0 ? this.diagnostics : null;
    });
    // (a report past the cap of kept diagnostics cannot be taken back: the lines stay reported)
    if (where.some((w) => w === null)) return;
    held.forEach((h, k) => {
      const list = where[k]!;
      list.splice(list.lastIndexOf(h.report), 1);
      this.summary.warnings--;
      this.summary.skipped--;
      this.summary.unknownSkipped -= h.counted;
    });
    if (this.firstSkipped !== null && held.some((h) => h.line === this.firstSkipped!.line)) this.firstSkipped = held[0]!.firstSkipped;
    this.open(held[0]!.line);
    for (const h of held) pairs.parse(h.text, h.line, this.sink, h.parsed);
  }

  /** Pairs lines held before a dump that did not open: skipped and counted after all (a value that cannot be read reported). */
  private releaseHeld(): void {
    if (this.heldUnknown.length === 0) return;
    const held = this.heldUnknown;
    this.heldUnknown = [];
    for (const h of held) this.releaseOne(h);
  }

  private releaseOne(h: HeldPairLine): void {
    if (h.report && !h.quiet) {
      this.report(h.report);
      return;
    }
    this.summary.skipped++;
    this.countSkipped(h.text, h.line);
  }

  /** The dialects' dumps end here: they hand over what they still hold. */
  endDialects(): void {
    this.idleKnown = false;
    this.kernel?.end(this.sink);
    for (const p of this.others) p.end(this.sink);
  }

  private addField(encoding: number, digits: string, lineNo: number | undefined, out: Dump[], value?: bigint): void {
    const seen = this.current?.fields.get(encoding);
    if (seen && (this.json || this.current!.format !== 'pairs')) {
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
    const slot = encodingSlot(encoding);
    const field = slot.field;
    const flags: Diagnostic['code'][] = [];
    let v = value;
    if (v === undefined) {
      if (digits.length > 32 && digits.replace(/^0+/, '').length > 32) {
        // A hex number of more than 128 bits: too wide for any field, whatever its digits (F24).
        this.report(diagnostic('value-too-wide', { field: field?.name ?? '0x' + encoding.toString(16), value: '0x' + digits.replace(/^0+/, '').slice(0, 24) + `... (${digits.replace(/^0+/, '').length} hex digits)`, bits: slot.bits }, lineNo));
        return;
      }
      if (digits === slot.lastDigits) v = slot.lastValue;
      else {
        v = hexBigInt(digits);
        if (digits.length <= 32) {
          // detached: the digits are cut from the input chunk, which must not be pinned (F7)
          slot.lastDigits = digits.length < 13 ? digits : (' ' + digits).slice(1);
          slot.lastValue = v;
        }
      }
    }
    const f: DumpField = {
      encoding,
      name: field?.name ?? null,
      title: field?.title ?? null,
      width: slot.width,
      type: slot.type,
      access: slot.access,
      value: v,
      flags,
    };
    if (lineNo !== undefined) f.line = lineNo;
    if (!field) {
      flags.push('unknown-encoding');
      this.report(diagnostic('unknown-encoding', { encoding: '0x' + encoding.toString(16).padStart(8, '0') }, lineNo));
    }
    const bits = slot.bits;
    if (v >= slot.limit || v < 0n) {
      flags.push('value-too-wide');
      this.report(diagnostic('value-too-wide', { field: f.name ?? '0x' + encoding.toString(16), value: '0x' + v.toString(16), bits }, lineNo));
    }
    cur.fields.set(encoding, f);
    if (lineNo !== undefined) cur.lastLine = lineNo;
  }

  private open(lineNo: number | undefined): Pending {
    if (!this.current) {
      // (held lines a dump of another dialect does not take are reported outside it)
      if (this.heldUnknown.length > 0 && (this.textFormat !== 'pairs' || this.json)) this.releaseHeld();
      this.current = { fields: new Map(), notes: [], format: this.textFormat, diagnostics: [], dropped: 0, firstLine: lineNo ?? 0, lastLine: lineNo ?? 0 };
      if (this.heldUnknown.length > 0) {
        // pairs lines of unknown names or unreadable values before this dump's first field are
        // lines of it; a quiet one only on the lines right before it (else it was prose)
        const held = this.heldUnknown;
        this.heldUnknown = [];
        let next = lineNo ?? 0;
        const near = new Set<HeldPairLine>();
        for (let k = held.length - 1; k >= 0 && held[k]!.line === next - 1; k--, next--) near.add(held[k]!);
        for (const h of held) if (h.quiet && !near.has(h)) this.releaseOne(h);
        const kept = held.filter((h) => !h.quiet || near.has(h));
        if (kept.length > 0) this.current.firstLine = kept[0]!.line;
        for (const h of kept) {
          if (h.report) this.report(h.report);
          else reportUnknown(this.sink, h.line, 'pairs', [{ token: h.token, value: h.value }], true);
        }
      }
    }
    return this.current;
  }

  /** Suggestions computed so far for this input (MAX_SUGGESTIONS at most, whatever the number of dumps). */
  private suggested = 0;

  suggest(token: string): string[] {
    if (this.suggested >= MAX_DIAGNOSTICS) return suggestNamesRemembered(token) ?? [];
    this.suggested++;
    return suggestNamesCached(token);
  }

  private report(d: Diagnostic): void {
    if (d.code === 'unknown-field') this.summary.unknownReported++;
    else if (d.code === 'interleaved-lines') this.interleaved += Number(d.args.count);
    if (d.severity === 'error') this.summary.errors++;
    else this.summary.warnings++;
    const cur = this.current;
    if (cur) {
      // an unknown token's line is a line of the dump (the unknown-token policy, src/dialects/common.ts)
      if (d.code === 'unknown-field' && d.line !== undefined && d.line > cur.lastLine) cur.lastLine = d.line;
      if (cur.diagnostics.length < MAX_DIAGNOSTICS) cur.diagnostics.push(d);
      else cur.dropped++;
    } else this.keepGlobal(d);
  }

  global(d: Diagnostic): void {
    if (d.severity === 'error') this.summary.errors++;
    else this.summary.warnings++;
    this.keepGlobal(d);
  }

  private keepGlobal(d: Diagnostic): void {
    // binary-input is said of the input as a whole: first, whichever chunk held the NUL
    if (this.diagnostics.length < MAX_DIAGNOSTICS) d.code === 'binary-input' ? this.diagnostics.unshift(d) : this.diagnostics.push(d);
    else this.globalDropped++;
  }

  /** Close the open dump, if any, and hand it out. */
  close(out: Dump[]): void {
    const cur = this.current;
    if (!cur) return;
    this.current = null;
    if (cur.fields.size === 0 && cur.notes.length === 0) {
      for (const d of cur.diagnostics) this.keepGlobal(d);
      return;
    }
    this.mergeHalves(cur);
    const fields = this.ordered(cur.fields);
    if (this.decodeBits) {
      this.explainFields(cur, fields);
      nameFailingMsrEntry(cur, fields);
    }
    if (cur.dropped > 0) {
      this.summary.warnings++;
      cur.diagnostics.push(diagnostic('too-many-diagnostics', { count: cur.dropped }));
    }
    const dump: Dump = { format: this.json ? 'json' : cur.format, fields, diagnostics: cur.diagnostics };
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

  /** The previous dump's encodings in the order read, and where each went once sorted. */
  private lastRead: number[] = [];
  private lastPlace: number[] = [];

  /**
   * A dump's fields grouped by type, then by encoding. A log prints its dumps alike: when the
   * fields come in the order of the previous dump's, they go where its went, without a sort.
   */
  private ordered(map: Map<number, DumpField>): DumpField[] {
    const read = [...map.values()];
    const last = this.lastRead;
    let same = read.length === last.length;
    for (let i = 0; same && i < read.length; i++) same = read[i]!.encoding === last[i];
    if (same) {
      const out = new Array<DumpField>(read.length);
      const place = this.lastPlace;
      for (let i = 0; i < read.length; i++) out[place[i]!] = read[i]!;
      return out;
    }
    const index = new Map<DumpField, number>();
    read.forEach((f, i) => index.set(f, i));
    const out = read.slice().sort(byTypeThenEncoding);
    const place = new Array<number>(read.length);
    out.forEach((f, i) => (place[index.get(f)!] = i));
    this.lastRead = read.map((f) => f.encoding);
    this.lastPlace = place;
    return out;
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
      if (f.access !== 'full' || f.name === null || (f.flags.length > 0 && f.flags.includes('value-too-wide'))) continue;
      const slot = encodingSlot(f.encoding);
      if (slot.layout === 'none') continue;
      const field = slot.field!;
      const id = slot.layout === 'fixed' ? slot.fixedLayout : layoutFor(field, errorCodeContext(cur, field) ?? context);
      if (!id) continue;
      // a fixed layout: the field's last explanation again while its value repeats (dumps of one machine)
      let e: ReturnType<typeof explainWith>;
      if (slot.layout === 'fixed' && slot.explained !== null && slot.explainedValue === f.value) e = slot.explained;
      else {
        e = explainWith(id, f.value, widthBits(f.width), false, slot.mask);
        if (slot.layout === 'fixed') {
          slot.explained = e;
          slot.explainedValue = f.value;
        }
      }
      f.layout = id;
      f.bits = e.bits;
      for (const shared of e.diagnostics) {
        if (shared.code !== 'unknown-value' && !f.flags.includes(shared.code)) f.flags.push(shared.code);
        // Explanations are shared between fields with the same value: copy before adding where.
        // (built key by key: an object spread is a slow clone, and dumps of random values have ~100 of these)
        const args: Diagnostic['args'] = {};
        for (const k in shared.args) args[k] = shared.args[k]!;
        args.field = f.name;
        const d: Diagnostic = { code: shared.code, severity: shared.severity, args };
        if (shared.line !== undefined) d.line = shared.line;
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
    // (values, not entries: no array per field)
    for (const high of cur.fields.values()) {
      if (high.access !== 'high') continue;
      const enc = high.encoding;
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

  /** A binary region (or several: a nested-state blob holds a vmcs12 and a shadow vmcs12). */
  /**
   * The dumps of binary regions. `bad`: lines of a hex dump that could not be read; each is
   * reported at its line, and a field whose bytes it held is not read (never read as zeros).
   */
  regions(bytes: Uint8Array, out: Dump[], bad: readonly BadHexLine[] = []): void {
    let first = true;
    for (const r of readRegions(bytes, this.profile ? { profile: this.profile } : {})) {
      this.textFormat = r.format;
      const cur = this.open(undefined);
      cur.description = r.description;
      if (first) {
        for (const b of bad) this.report(diagnostic('bad-hex-line', { reason: b.reason, from: '0x' + b.from.toString(16), to: b.to === undefined ? 'the end' : '0x' + b.to.toString(16) }, b.line));
        first = false;
      }
      for (const f of r.fields) {
        if (bad.length && f.offset !== undefined) {
          const size = fieldSize(f.encoding);
          const end = f.offset + size;
          if (bad.some((b) => f.offset! < (b.to ?? Infinity) && end > b.from)) continue;
        }
        this.addField(f.encoding, '', undefined, out, f.value);
        const df = cur.fields.get(f.encoding);
        if (df) df.offset = f.offset;
      }
      for (const n of r.notes) cur.notes.push({ offset: n.offset, label: n.label, value: n.value, what: n.what });
      for (const d of r.diagnostics) this.report(diagnostic(d.code, d.args));
      this.close(out);
    }
  }

  /** The dumps of a parsed JSON document. */
  fromJson(doc: unknown, out: Dump[]): void {
    this.json = true;
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

  /** End of input: what is said about the input as a whole. */
  finish(): void {
    if (this.summary.dumps === 0 && !this.diagnostics.some((d) => d.code === 'invalid-json')) {
      // Kept whatever the cap: it is the one thing to say about such an input.
      this.summary.errors++;
      const args: Diagnostic['args'] = { lines: this.summary.lines };
      // what the input held: dump lines that no dump could be given (two vCPUs' at once)
      if (this.interleaved > 0) args.interleaved = this.interleaved;
      const svm = this.svmSeen;
      if (svm) {
        // what the input held: AMD's exits, which no VMCS records (sample 66)
        args.svm = svm.count;
        args.svmEvent = svm.event;
        args.svmReason = svm.reason;
        args.svmLine = svm.line;
      }
      const only = this.svmOnly;
      if (only) {
        // and tracepoints of AMD's code alone (kvm_nested_vmrun...), whose `rip: 0x…` is no unknown field
        args.svmOnly = only.count;
        args.svmOnlyEvent = only.event;
        args.svmOnlyLine = only.line;
      }
      if (this.summary.unknownSkipped > 0 && this.firstSkipped) {
        // what the input held instead: NAME=value tokens no reader knows (a user's summary line...)
        args.tokens = this.summary.unknownSkipped;
        args.firstToken = this.firstSkipped.token;
        args.firstLine = this.firstSkipped.line;
      }
      this.diagnostics.push(diagnostic('no-fields', args));
    }
    if (this.globalDropped > 0) {
      this.summary.warnings++;
      this.diagnostics.push(diagnostic('too-many-diagnostics', { count: this.globalDropped }));
    }
  }

  private jsonEntry(key: string, value: unknown, out: Dump[]): void {
    const encoding = resolveField(key);
    if (encoding === undefined) {
      const canReport = this.current ? this.current.diagnostics.length < MAX_DIAGNOSTICS : this.diagnostics.length < MAX_DIAGNOSTICS;
      this.report(diagnostic('unknown-field', { token: key, suggestions: canReport ? this.suggest(key) : [] }));
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
      this.report(diagnostic('invalid-json-entry', { key, value: jsonPreview(value) }));
      return;
    }
    this.addField(encoding, '', undefined, out, v);
  }
}

/** The dumps a JSON document holds, as lists of [field, value] pairs; null when it is not one we read. */
function jsonDumps(doc: unknown): Array<Array<[string, unknown]>> | null {
  const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
  // annotate --ndjson output, one line of it: a dump, or the summary (no dump)
  if (isObj(doc) && typeof doc.schema === 'string' && /^vmcs\//.test(doc.schema) && doc.type === 'summary') return [];
  const list = isObj(doc) && Array.isArray(doc.dumps) ? doc.dumps : isObj(doc) && doc.type === 'dump' && typeof doc.schema === 'string' && Array.isArray(doc.fields) ? [doc] : null;
  if (list) {
    // annotate --json output
    const dumps: Array<Array<[string, unknown]>> = [];
    for (const d of list) {
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

/**
 * For an error-code field (its layout chosen by vector): the vector of its own event, read from
 * the event-identification field it names when that is valid and a hardware exception (type 3).
 */
function errorCodeContext(cur: { fields: Map<number, { value: bigint }> }, field: { name: string; entry: unknown }): { vector?: number } | undefined {
  const ref = entryCore(field).layout;
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
  if (cur.notes.length === 0) return; // the list is among the notes (none in most dumps)
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

/** The first 40 characters of a JSON value, for a message; never recursive (a value may nest 1e6 deep). */
export function jsonPreview(value: unknown): string {
  if (value === null || typeof value !== 'object') return (JSON.stringify(value) ?? String(value)).slice(0, 40);
  let s = '';
  // Walk down the first elements only, as far as 40 characters show.
  let v: unknown = value;
  while (s.length < 40 && v !== null && typeof v === 'object') {
    if (Array.isArray(v)) {
      s += '[';
      v = v.length ? v[0] : undefined;
      if (v === undefined) s += ']';
    } else {
      const k = Object.keys(v as object)[0];
      if (k === undefined) {
        s += '{}';
        v = undefined;
      } else {
        s += '{' + JSON.stringify(k) + ':';
        v = (v as Record<string, unknown>)[k];
      }
    }
  }
  if (s.length < 40 && v !== undefined) s += JSON.stringify(v) ?? String(v);
  return s.slice(0, 40);
}

/** The value of hex digits (validated by the reader): through numbers up to 52 bits, which BigInt() converts faster than it parses text. */
/** Whether a line is nothing but hex digits, blanks around them (a value's rest after a hard wrap, or a stray number). */
function isHexLine(line: string): boolean {
  let i = 0;
  const n = line.length;
  while (i < n && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
  const start = i;
  for (; i < n; i++) {
    const c = line.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) break;
  }
  if (i === start) return false;
  while (i < n && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
  return i === n;
}

/** The last field a pairs line gives, with its digits as printed (what addField was given last for it). */
function lastPairField(line: string): { encoding: number; digits: string } | null {
  const p = parsePairLine(line);
  if (p === null) return null;
  if (p.kind === 'field') return p;
  if (p.kind !== 'fields') return null;
  for (let i = p.groups.length - 1; i >= 0; i--) {
    const g = p.groups[i]!;
    if (g.kind === 'field') return g;
  }
  return null;
}

function hexBigInt(digits: string): bigint {
  const n = digits.length;
  if (n <= 13) return BigInt(parseInt(digits, 16));
  if (n <= 26) return (BigInt(parseInt(digits.slice(0, n - 13), 16)) << 52n) | BigInt(parseInt(digits.slice(n - 13), 16));
  return BigInt('0x' + digits);
}

/** Bytes a field takes in a region, from its encoding (SDM 27.11.2: width in bits 14:13; a high half is 4). */
function fieldSize(encoding: number): number {
  if (encoding & 1) return 4;
  const w = (encoding >> 13) & 3;
  return w === 0 ? 2 : w === 2 ? 4 : 8;
}
