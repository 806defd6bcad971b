/**
 * JSON output. Values are hex strings: 64-bit values do not fit a JSON number.
 * The shapes are part of the interface (README, "JSON output").
 */
import type { Dump, DumpField } from '../annotate/index.js';
import type { Diagnostic } from '../diagnostics.js';
import { EncodingPages, formatEncoding, formatValue, widthBits } from '../table/encoding.js';
import type { DecodeResult, EncodeResult } from '../table/fields.js';
import type { ExplainResult } from '../bits/explain.js';
import { sdm2022, type DecodedBits } from '../bits/layouts.js';
import { formatMessage } from './messages.js';

export function jsonDiagnostic(d: Diagnostic, source?: string): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  if (source !== undefined) o.source = source;
  if (d.line !== undefined) o.line = d.line;
  o.severity = d.severity;
  o.code = d.code;
  o.message = formatMessage(d);
  o.args = d.args;
  return o;
}

export function jsonEncode(r: EncodeResult): Record<string, unknown> {
  if (!r.ok) return { input: r.input, error: { code: r.diagnostic.code, message: formatMessage(r.diagnostic) }, suggestions: r.suggestions };
  const { ok: _ok, ...rest } = r;
  return withHexEncoding(rest);
}

export function jsonDecode(r: DecodeResult): Record<string, unknown> {
  if (!r.ok) return { input: r.input, error: { code: r.diagnostic.code, message: formatMessage(r.diagnostic) } };
  const { ok: _ok, input, known, ...rest } = r;
  return { input, ...withHexEncoding(rest), known };
}

/** A library object with `encoding: number` as the JSON gives it: the same keys, the encoding as `"0x00006800"`. */
export function withHexEncoding<T extends { encoding: number }>(o: T): Omit<T, 'encoding'> & { encoding: string } {
  return { ...o, encoding: formatEncoding(o.encoding) };
}

/**
 * JSON text written as UTF-8 bytes into one growing buffer: `vmcs annotate --json` of a long log
 * writes hundreds of megabytes, and building them as strings (a rope per dump, flattened, then
 * measured and encoded again to be written) cost more than reading the log. The constant parts
 * (a field's encoding, name, title..., a decoded bit's text) are encoded once and copied.
 * `take()` hands the bytes written so far out and starts again.
 */
export class JsonBytes {
  buf: Uint8Array;
  pos = 0;
  constructor(size = 1 << 16) {
    this.buf = new Uint8Array(size);
  }
  /** The bytes written so far (a view of the buffer, valid until the next write), and the buffer emptied. */
  take(): Uint8Array {
    const out = this.buf.subarray(0, this.pos);
    this.pos = 0;
    return out;
  }
  /** Room for n more bytes. */
  room(n: number): void {
    if (this.pos + n > this.buf.length) {
      let size = this.buf.length * 2;
      while (size < this.pos + n) size *= 2;
      const b = new Uint8Array(size);
      b.set(this.buf.subarray(0, this.pos));
      this.buf = b;
    }
  }
  bytes(b: Uint8Array): void {
    const n = b.length;
    this.room(n);
    const buf = this.buf;
    let p = this.pos;
    if (n <= 32) for (let i = 0; i < n; i++) buf[p++] = b[i]!;
    else {
      buf.set(b, p);
      p += n;
    }
    this.pos = p;
  }
  /** Any text, as UTF-8 (as Buffer.from(s) and TextEncoder give it). */
  text(s: string): void {
    const n = s.length;
    this.room(n * 3);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.pos = p + encoder.encodeInto(s.slice(i), buf.subarray(p)).written;
        return;
      }
      buf[p++] = c;
    }
    this.pos = p;
  }
  /** A string as JSON.stringify writes it. */
  str(s: string): void {
    const n = s.length;
    this.room(n + 2);
    const buf = this.buf;
    const start = this.pos;
    let p = start;
    buf[p++] = 34;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c >= 0x7f || c === 34 || c === 92) {
        // escapes or non-ASCII: JSON.stringify's own text
        this.pos = start;
        this.text(JSON.stringify(s));
        return;
      }
      buf[p++] = c;
    }
    buf[p++] = 34;
    this.pos = p;
  }
  /** A number as JSON.stringify writes it. */
  num(v: number): void {
    if (v >= 0 && v <= 0x7fffffff && (v | 0) === v) {
      this.room(10);
      const buf = this.buf;
      if (v < 10) {
        buf[this.pos++] = 48 + v;
        return;
      }
      let digits = 1;
      for (let t = v; t >= 10; t = (t / 10) | 0) digits++;
      let p = this.pos + digits;
      this.pos = p;
      for (let t = v; p > this.pos - digits; t = (t / 10) | 0) buf[--p] = 48 + (t % 10);
      return;
    }
    this.text(JSON.stringify(v));
  }
  /** Any value as JSON.stringify writes it (a plain object of strings and numbers without a string of its own). */
  value(v: unknown): void {
    if (typeof v === 'string') this.str(v);
    else if (typeof v === 'number') this.num(v);
    else this.text(String(JSON.stringify(v)));
  }
  /** A flat object (diagnostic arguments) as JSON.stringify writes it. */
  object(o: Record<string, unknown>): void {
    this.room(1);
    this.buf[this.pos++] = 123;
    let first = true;
    for (const k in o) {
      const v = o[k];
      let t: string | undefined;
      if (typeof v !== 'string' && typeof v !== 'number') {
        t = JSON.stringify(v);
        if (t === undefined) continue;
      }
      if (!first) this.ascii(',');
      first = false;
      this.str(k);
      this.ascii(':');
      if (t !== undefined) this.text(t);
      else if (typeof v === 'string') this.str(v);
      else this.num(v as number);
    }
    this.room(1);
    this.buf[this.pos++] = 125;
  }
  /** Text known to be ASCII (a constant, hex digits). */
  ascii(s: string): void {
    const n = s.length;
    this.room(n);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) buf[p++] = s.charCodeAt(i);
    this.pos = p;
  }
  /**
   * A string's characters as they stand inside a JSON string, when each is printable ASCII
   * other than `"` and `\` (then JSON.stringify and safeText leave it as it is): true. Else
   * false, with an unknown part written: the caller starts again from where it was.
   */
  plain(s: string): boolean {
    const n = s.length;
    this.room(n);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c >= 0x7f || c === 34 || c === 92) return false;
      buf[p++] = c;
    }
    this.pos = p;
    return true;
  }
  /** `v` as hex digits, lowercase, at least `digits` of them (zeros in front), as v.toString(16).padStart(digits, '0') (v >= 0). */
  hex(v: bigint, digits: number): void {
    if (v < 0n) {
      this.ascii(v.toString(16).padStart(digits, '0'));
      return;
    }
    if (v <= 0xffffffffn) {
      this.hex32(Number(v), digits, 8);
      return;
    }
    if (v <= 0xffffffffffffffffn) {
      const hi = Number(v >> 32n);
      this.hex32(hi, digits - 8, 8);
      this.hex32(Number(BigInt.asUintN(32, v)), 8, 8);
      return;
    }
    this.ascii(v.toString(16).padStart(digits, '0'));
  }
  /** A 32-bit number (>= 0) as hex: at least `digits` digits, `width` the most it can have. */
  private hex32(n: number, digits: number, width: number): void {
    let len = 1;
    while (len < width && n >>> (len * 4) !== 0) len++;
    if (len < digits) len = digits;
    this.room(len);
    const buf = this.buf;
    let p = this.pos + len;
    this.pos = p;
    const start = p - len;
    for (let k = 0; p > start; k += 4) buf[--p] = k < 32 ? HEX[(n >>> k) & 15]! : 48;
  }
}

/** The bytes of the hex digits 0-9a-f. */
const HEX = new Uint8Array([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]);

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const utf8 = (s: string): Uint8Array => encoder.encode(s);

/** What a field's JSON repeats from one dump to the next, per encoding. */
interface FieldSlot {
  /** `{"encoding":...,"access":"full","value":"`: the part that depends only on the encoding */
  head: Uint8Array;
  /** the last decoded bits written (the same array for the same value), and their JSON from `,"layout":` to the end */
  bits: readonly DecodedBits[] | undefined;
  layout: string | undefined;
  tail: Uint8Array | undefined;
  hits: number;
  misses: number;
  /** the last value written (and whether too wide), and its JSON from the head to the value's closing quote (and `,"line":`) */
  value: bigint;
  wide: boolean;
  /** the front ends with `,"line":` (the field has a line) */
  lined: boolean;
  front: Uint8Array | undefined;
  valueHits: number;
  valueMisses: number;
}

const fieldSlots = new Map<number, FieldSlot>();

/** The slots of the encodings below 0x8000 (every field the SDM names), by index: no hash per field. */
const SMALL_ENCODINGS = EncodingPages.LIMIT;
const smallSlots = new EncodingPages<FieldSlot>();

function fieldSlot(f: DumpField): FieldSlot {
  const e = f.encoding;
  const small = (e | 0) === e && e >= 0 && e < SMALL_ENCODINGS;
  let slot = small ? (smallSlots.get(e) ?? undefined) : fieldSlots.get(e);
  if (slot === undefined || slot.head.length === 0) {
    const head = JSON.stringify({ encoding: formatEncoding(f.encoding), name: f.name, title: f.title, width: f.width, type: f.type, access: f.access }).slice(0, -1) + ',"value":"';
    slot = { head: utf8(head), bits: undefined, layout: undefined, tail: undefined, hits: 0, misses: 0, value: 0n, wide: false, lined: false, front: undefined, valueHits: 0, valueMisses: 0 };
    if (small) smallSlots.set(e, slot);
    else if (fieldSlots.size < 65536) fieldSlots.set(e, slot);
  }
  return slot;
}

/** One field as JSON (the same shape as jsonField), written directly because dumps can be many. */
function writeField(w: JsonBytes, f: DumpField): void {
  const slot = fieldSlot(f);
  // the head is the encoding's: a field of the same encoding from another table (JSON input of
  // another build) cannot differ, the name, title, width, type and access follow from it
  const flags = f.flags;
  const tooWide = flags.length > 0 && flags.includes('value-too-wide');
  const value = f.value;
  const line = f.line;
  if (slot.front !== undefined && slot.value === value && slot.wide === tooWide && (line !== undefined) === slot.lined) {
    // the same value as the field's last (dumps of one machine): head and value in one piece
    slot.valueHits++;
    w.bytes(slot.front);
  } else {
    slot.valueMisses++;
    const start = w.pos;
    w.bytes(slot.head);
    // formatValue(f.value, bits), or the digits as they are when too wide, written as bytes
    w.ascii('0x');
    w.hex(value, tooWide ? 1 : widthBits(f.width, f.access) >> 2);
    w.ascii(line !== undefined ? '","line":' : '"');
    // kept while the same value comes back often enough (not for random values)
    if (slot.valueMisses < 8 || slot.valueHits >= slot.valueMisses) {
      slot.front = w.buf.slice(start, w.pos);
      slot.value = value;
      slot.wide = tooWide;
      slot.lined = line !== undefined;
    } else slot.front = undefined;
  }
  if (line !== undefined) w.num(line);
  if (f.offset !== undefined) {
    w.ascii(',"offset":');
    w.num(f.offset);
  }
  if (flags.length) {
    // diagnostic codes: plain ASCII words
    w.ascii(',"flags":[');
    for (let i = 0; i < flags.length; i++) {
      if (i > 0) w.ascii(',');
      w.str(flags[i]!);
    }
    w.ascii(']');
  }
  const bits = f.bits;
  if (bits) {
    if (bits === slot.bits && f.layout === slot.layout && slot.tail !== undefined) {
      slot.hits++;
      w.bytes(slot.tail);
    } else {
      slot.misses++;
      const start = w.pos;
      w.ascii(',"layout":');
      if (typeof f.layout === 'string') w.str(f.layout);
      else w.text(String(JSON.stringify(f.layout)));
      w.ascii(',"bits":');
      writeBits(w, bits);
      // kept for the next dump while the same value comes back often enough (realistic logs)
      if (slot.misses < 8 || slot.hits >= slot.misses) {
        slot.bits = bits;
        slot.layout = f.layout;
        slot.tail = w.buf.slice(start, w.pos);
      } else slot.tail = undefined;
    }
  }
  w.ascii('}');
}

/** A dump as JSON (one line), written into `w`; `open` is written instead of its opening brace. */
export function writeDumpJson(w: JsonBytes, d: Dump, open = '{'): void {
  w.ascii(open);
  w.ascii('"format":');
  w.str(d.format);
  if (d.source !== undefined) {
    w.ascii(',"source":');
    w.str(d.source);
  }
  // each when the dump has it (a dump built by a library user may have one without the other)
  if (d.firstLine !== undefined) {
    w.ascii(',"firstLine":');
    w.num(d.firstLine);
  }
  if (d.lastLine !== undefined) {
    w.ascii(',"lastLine":');
    w.num(d.lastLine);
  }
  if (d.description !== undefined) {
    w.ascii(',"description":');
    w.str(d.description);
  }
  w.ascii(',"fields":[');
  const fields = d.fields;
  for (let i = 0; i < fields.length; i++) {
    if (i > 0) w.ascii(',');
    writeField(w, fields[i]!);
  }
  w.ascii('],"diagnostics":[');
  const diags = d.diagnostics;
  for (let i = 0; i < diags.length; i++) {
    if (i > 0) w.ascii(',');
    writeDiagnostic(w, diags[i]!);
  }
  w.ascii(']');
  if (d.notes?.length) {
    w.ascii(',"notes":');
    w.text(JSON.stringify(d.notes));
  }
  w.ascii('}');
}

/** jsonDiagnostic(d) as JSON (a dump of random values has ~100). */
function writeDiagnostic(w: JsonBytes, d: Diagnostic): void {
  if (d.line !== undefined) {
    w.ascii('{"line":');
    w.value(d.line);
    w.ascii(',"severity":"');
  } else w.ascii('{"severity":"');
  w.ascii(d.severity);
  w.ascii('","code":"');
  w.ascii(d.code);
  w.ascii('","message":');
  const at = w.pos;
  if (!writeBitMessage(w, d)) {
    w.pos = at;
    w.str(formatMessage(d));
  }
  w.ascii(',"args":');
  w.object(d.args);
  w.ascii('}');
}

/**
 * The message of a decoded value's diagnostic (a dump of random values has ~100), as JSON,
 * written in its parts without making the text (formatMessage's templates in ./messages.ts,
 * kept in step by test/output-stable.test.js and test/json-fast.test.js); false when an
 * argument is not plain (it then goes the whole way).
 */
function writeBitMessage(w: JsonBytes, d: Diagnostic): boolean {
  const code = d.code;
  if (code !== 'reserved-bit-set' && code !== 'unknown-bit-set' && code !== 'unknown-value') return false;
  const a = d.args;
  const field = a.field;
  const bits = a.bits;
  if (typeof bits !== 'string' || (field !== undefined && typeof field !== 'string')) return false;
  w.ascii('"');
  if (field) {
    if (!w.plain(field)) return false;
    w.ascii(': ');
  }
  if (code === 'unknown-value') {
    const name = a.name;
    const value = a.value;
    if (typeof name !== 'string' || typeof value !== 'string' || !w.plain(name)) return false;
    w.ascii(' (bits ');
    if (!w.plain(bits)) return false;
    w.ascii(') is ');
    if (!w.plain(value)) return false;
    w.ascii(', a value unknown to this table"');
    return true;
  }
  const many = bits.indexOf(',') !== -1 || bits.indexOf(':') !== -1;
  if (code === 'reserved-bit-set') w.ascii(many ? 'reserved bits ' : 'reserved bit ');
  else w.ascii(many ? 'bits ' : 'bit ');
  if (!w.plain(bits)) return false;
  w.ascii(code === 'reserved-bit-set' ? ' set"' : ' set, which this table does not name"');
  return true;
}

const scratch = new JsonBytes();

/** A dump as JSON text (one line). */
export function jsonDumpText(d: Dump): string {
  writeDumpJson(scratch, d);
  return decoder.decode(scratch.take());
}

/**
 * A decoded bit's JSON, kept for the single bits and the ranges of small values (one shared,
 * read-only DecodedBits per layout entry and value, see ../bits/layouts.ts). Other ranges are
 * written each time: those of random values are new objects every time, and keeping them would
 * only fill the cache.
 */
const bitTexts = new Map<DecodedBits, Uint8Array>();
const BIT_TEXTS_MAX = 16384;

function writeBits(w: JsonBytes, bits: readonly DecodedBits[]): void {
  w.ascii('[');
  for (let i = 0; i < bits.length; i++) {
    if (i > 0) w.ascii(',');
    const d = bits[i]!;
    // single bits and small ranges: one shared DecodedBits per entry and value (../bits/layouts.ts)
    if (d.kind === 'bit' || d.value < 64n) {
      let one = bitTexts.get(d);
      if (one === undefined) {
        const start = w.pos;
        writeBit(w, d);
        one = w.buf.slice(start, w.pos);
        if (bitTexts.size >= BIT_TEXTS_MAX) bitTexts.clear();
        bitTexts.set(d, one);
      } else w.bytes(one);
    } else writeBit(w, d);
  }
  w.ascii(']');
}

/**
 * `{"bits":"15:0","name":"...","value":"0x`: what a decoded entry's JSON starts with, by its name
 * (from the table: the same few hundred strings) and then its bits; and `,"id":"..."` by id.
 */
const bitHeads = new Map<string, Array<{ bits: string; head: Uint8Array }>>();
const idParts = new Map<string, Uint8Array>();
const BIT_HEADS_MAX = 4096;

/** The head of an entry's JSON, kept; null for one not kept (the bits of unnamed bits set: "2, 0"), to be written as it goes. */
function bitHead(bits: string, name: string): Uint8Array | null {
  let list = bitHeads.get(name);
  if (list !== undefined) {
    for (let i = 0; i < list.length; i++) if (list[i]!.bits === bits) return list[i]!.head;
    if (list.length >= 64) return null;
  } else {
    if (bitHeads.size >= BIT_HEADS_MAX) bitHeads.clear();
    list = [];
    bitHeads.set(name, list);
  }
  const head = utf8(`{"bits":${JSON.stringify(bits)},"name":${JSON.stringify(name)},"value":"0x`);
  list.push({ bits, head });
  return head;
}

function idPart(id: string): Uint8Array {
  let part = idParts.get(id);
  if (part === undefined) {
    part = utf8(`,"id":${JSON.stringify(id)}`);
    if (idParts.size >= BIT_HEADS_MAX) idParts.clear();
    idParts.set(id, part);
  }
  return part;
}

/** JSON.stringify(jsonBits(d, false)), written directly. */
function writeBit(w: JsonBytes, d: DecodedBits): void {
  const head = bitHead(d.bits, d.name);
  if (head !== null) w.bytes(head);
  else {
    w.ascii('{"bits":');
    w.str(d.bits);
    w.ascii(',"name":');
    w.str(d.name);
    w.ascii(',"value":"0x');
  }
  w.hex(d.value, 1);
  w.ascii('"');
  if (d.label !== null && d.label !== undefined) {
    w.ascii(',"label":');
    w.str(d.label);
  }
  if (d.id !== undefined) w.bytes(idPart(d.id));
  if (d.reserved) w.ascii(',"reserved":true');
  if (d.inMask) w.ascii(',"inMask":true');
  if (d.source !== undefined) {
    w.ascii(',"source":');
    w.str(d.source);
  }
  w.ascii('}');
}

export function jsonBits(d: DecodedBits, full: boolean): Record<string, unknown> {
  const o: Record<string, unknown> = { bits: d.bits, name: d.name, value: '0x' + d.value.toString(16) };
  if (d.label !== null) o.label = d.label;
  if (d.id !== undefined) o.id = d.id;
  if (full) {
    if (d.meaning !== undefined) o.meaning = d.meaning;
    if (d.sdm !== undefined) {
      o.sdm = d.sdm;
      const old = sdm2022(d.sdm);
      if (old !== null) o.sdm2022 = old;
    }
  }
  if (d.reserved) o.reserved = true;
  if (d.inMask) o.inMask = true;
  if (d.source !== undefined) o.source = d.source;
  return o;
}

export function jsonExplain(r: ExplainResult, input: { field: string; value: string }): Record<string, unknown> {
  if (!r.ok) return { input, error: { code: r.diagnostic.code, message: formatMessage(r.diagnostic) }, ...(r.suggestions ? { suggestions: r.suggestions } : {}) };
  return {
    field: 'structure' in r.field ? r.field : withHexEncoding(r.field),
    value: formatValue(r.value, r.bits),
    layout: r.layout,
    ...(r.layoutSdm !== undefined ? { sdm: r.layoutSdm, ...(sdm2022(r.layoutSdm) !== null ? { sdm2022: sdm2022(r.layoutSdm) } : {}) } : {}),
    bits: r.decoded.map((d) => jsonBits(d, true)),
    diagnostics: r.diagnostics.map((d) => jsonDiagnostic(d)),
  };
}
