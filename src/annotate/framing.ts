/**
 * Input framing: what the input is, and its lines. The first bytes tell a binary region (its
 * revision id and VMX-abort indicator) from text; text that starts like JSON is gathered and
 * parsed whole, text that starts like a hex dump (xxd, hexdump -C, od) is read as the bytes it
 * shows, and any other text is decoded (UTF-8, streaming: a character cut between chunks is
 * kept whole) and cut into lines, each handed to the dump assembly (./assemble.ts). Sizes are
 * bounded: a line, a JSON document, a binary region.
 */
import { diagnostic } from '../diagnostics.js';
import { looksBinary } from '../regions/read.js';
import { C_ARRAY_OPEN, isWordDump, readHexDump, type BadHexLine } from '../regions/hexdump.js';
import type { DumpAssembler } from './assemble.js';
import type { Dump, FormatOption } from './types.js';

/** A terminal's control sequence (ECMA-48 CSI: colours, cursor moves: `\e[31m`, `\e[0m`, `\e[2K`). */
const CSI_RE = /\x1b\[[0-?]*[ -\/]*[@-~]/g;

/** Longest line kept; the rest of a longer line is dropped and reported. */
export const MAX_LINE = 64 * 1024;
/** Largest binary region input read. */
export const MAX_BINARY = 16 * 1024 * 1024;
/**
 * Largest JSON document read: each document is parsed whole, but an input of several (JSON Lines,
 * or documents one after another) is read one document at a time, so only the largest one counts.
 */
export const MAX_JSON = 64 * 1024 * 1024;

/** The bytes of several chunks, one after the other. */
export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const c of chunks) length += c.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Where an incomplete UTF-8 sequence at the end of `bytes` begins (its lead byte), or the length when there is none. */
function utf8Cut(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let i = n - 1; i >= 0 && i >= n - 4; i--) {
    const b = bytes[i]!;
    if (b < 0x80) return n;
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return n - i < need ? i : n;
    }
    // a continuation byte: the lead is further back
  }
  return n;
}

export class Framer {
  /** UTF-8, streaming; a byte-order mark is kept here and dropped below, as for string input. */
  private decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  /** UTF-8 decoded chunk by chunk, without streaming: see decodeBytes. */
  private readonly wholeDecoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  /** The bytes of a UTF-8 sequence cut at the end of the last chunk. */
  private carry: Uint8Array | null = null;
  /** UTF-16 text (told by its byte-order mark): its zero bytes are no binary data. */
  private utf16 = false;
  /** Old Mac line ends: a CR alone ends a line (told by the first 4 KiB: CRs and no LF). */
  private crOnly = false;
  /** Text of a log that began like JSON, held until its line ends are told (see notJson). */
  private crPending: string | null = null;
  private partial = '';
  private partialDropped = 0;
  private mode: 'undecided' | 'lines' | 'json' | 'binary' | 'hexdump' = 'undecided';
  private binaryChunks: Uint8Array[] = [];
  /** The first bytes, while fewer than 16 have come */
  private head: Uint8Array | undefined;
  private headDecided = false;
  private binarySize = 0;
  private jsonChunks: string[] = [];
  private jsonSize = 0;
  /** The JSON document being gathered: nesting depth, inside a string, after a backslash. */
  private jsonDepth = 0;
  private jsonInString = false;
  private jsonEscape = false;
  /** JSON documents read so far (0: the input may still turn out to be a text log). */
  private jsonDocs = 0;
  /** Text where a document should begin that is none: reported once, and the rest is not read. */
  private jsonJunk = false;
  /**
   * The first document is whole but still held: what follows tells whether the input is a
   * sequence of documents (another one begins) or a text log that starts like JSON (other text).
   */
  private jsonHeld = false;

  private sawBinary = false;
  /** An ESC seen in the text: from then on each line is cleared of terminal control sequences (CSI_RE). */
  private sawEsc = false;
  /** Whether any text has arrived (a byte-order mark at the very start is dropped). */
  private started = false;

  constructor(
    private readonly format: FormatOption,
    private readonly dumps: DumpAssembler,
  ) {
    if (this.format === 'json') this.mode = 'json';
    else if (this.format !== 'auto') this.mode = 'lines';
  }

  /** Feed a chunk of input; returns the dumps it completed. */
  write(chunk: string | Uint8Array): Dump[] {
    const out: Dump[] = [];
    if (typeof chunk !== 'string') {
      // A region starts with its revision id and the VMX-abort indicator (zero bytes): the
      // first 16 bytes tell, whatever size the chunks come in, so they are gathered first.
      if (this.mode === 'undecided' && !this.headDecided && this.format === 'auto') {
        const head = this.head ? concatBytes([this.head, chunk]) : chunk;
        // A NUL byte among the first 16 may be a region's, or a text log's after an unclean
        // shutdown (a run of NULs before the text): more bytes tell (up to TEXT_PROBE).
        const needMore = head.length < 16 || (head.length < TEXT_PROBE && head.subarray(0, 16).indexOf(0) !== -1 && !looksBinary(head.subarray(0, 16), true));
        if (needMore) {
          this.head = new Uint8Array(head);
          return out;
        }
        this.head = undefined;
        this.headDecided = true;
        chunk = head;
        const bom16 = head[0] === 0xff && head[1] === 0xfe ? 'utf-16le' : head[0] === 0xfe && head[1] === 0xff ? 'utf-16be' : null;
        if (bom16) {
          this.decoder = new TextDecoder(bom16, { fatal: false, ignoreBOM: true });
          this.utf16 = true;
        } else if (looksBinary(head.subarray(0, 16)) && !textAfterNuls(head)) {
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
      // Not before the first line is whole (or 4 KiB have come): a hex dump is told by its
      // first line, and chunks may cut it anywhere.
      const lineOpen = kind === 'lines' && this.format === 'auto' && !probe.includes('\n');
      if ((kind === 'undecided' || lineOpen) && this.partial.length + text.length <= 4096) {
        this.partial += text;
        return out;
      }
      this.mode = kind === 'json' ? 'json' : this.format === 'auto' && looksLikeHexDump(probe) ? 'hexdump' : 'lines';
      text = this.partial + text;
      this.partial = '';
      // JSON input says nothing of its line ends: told in notJson if it turns out to be a log
      this.crOnly = this.mode !== 'json' && crOnlyLines(text);
    }
    if (this.crPending !== null) {
      // a log that started like JSON, its line ends not yet told (no LF and under 4 KiB so far)
      text = this.crPending + text;
      if (!text.includes('\n') && text.length < 4096) {
        this.crPending = text;
        return out;
      }
      this.crPending = null;
      this.crOnly = crOnlyLines(text);
    }
    if (this.crOnly) text = text.replace(/\r/g, '\n');
    if (this.mode === 'json') {
      const rest = this.feedJson(text, out);
      if (rest === null) return out;
      // Larger than a JSON document is read, or no JSON after all: a text log that happens to
      // start with a brace (F16). It is read as lines from its start.
      text = rest;
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
      if (looksBinary(head.subarray(0, 16)) && !textAfterNuls(head)) {
        this.mode = 'binary';
        this.bufferBinary(head);
      } else out.push(...this.write(head));
    }
    let rest = this.utf16 ? this.decoder.decode() : this.carry !== null ? this.wholeDecoder.decode(this.carry) : '';
    this.carry = null;
    if (this.mode === 'undecided') {
      // Short input that never showed what it is: blank, or a lone brace.
      const probe = (this.partial + rest).trimStart();
      this.mode = sniffJson(probe) === 'json' || (probe.startsWith('{') && this.format === 'auto') ? 'json' : this.format === 'auto' && looksLikeHexDump(probe) ? 'hexdump' : 'lines';
      rest = this.partial + rest;
      this.partial = '';
      this.crOnly = this.mode !== 'json' && crOnlyLines(rest);
    }
    if (this.crOnly) rest = rest.replace(/\r/g, '\n');
    if (this.mode === 'binary') {
      this.finishBinary(concatBytes(this.binaryChunks), out);
    } else if (this.mode === 'hexdump' && this.finishHexDump(rest, out)) {
      // read as a region
    } else if (this.mode === 'json' && (rest = this.feedJson(rest, out) ?? '', this.mode === 'json')) {
      this.finishJson(out);
    } else {
      if (this.crPending !== null) {
        rest = this.crPending + rest;
        this.crPending = null;
        rest = this.tellCrOnly(rest);
      }
      if (rest) this.splitLines(rest, out);
      if (this.partial.length > 0 || this.partialDropped > 0) {
        this.line(this.partial, out);
        this.partial = '';
      }
      this.dumps.endText(out);
    }
    this.dumps.finish();
    return out;
  }

  private binary(): void {
    this.sawBinary = true;
    this.dumps.global(diagnostic('binary-input', {}));
  }

  private decodeBytes(bytes: Uint8Array): string {
    if (!this.sawBinary && !this.utf16 && bytes.indexOf(0) !== -1) this.binary();
    if (this.utf16) return this.decoder.decode(bytes, { stream: true });
    // UTF-8: a sequence cut at the end of a chunk is held back for the next one, and the rest is
    // decoded whole (a decoder that never streams takes the runtime's fast path, a streaming one
    // a converter several times slower); decoding the pieces so gives the text of the whole.
    if (this.carry !== null) {
      bytes = concatBytes([this.carry, bytes]);
      this.carry = null;
    }
    const cut = utf8Cut(bytes);
    if (cut < bytes.length) {
      this.carry = bytes.slice(cut);
      bytes = bytes.subarray(0, cut);
    }
    return this.wholeDecoder.decode(bytes);
  }

  private splitLines(text: string, out: Dump[]): void {
    if (!this.sawEsc && text.indexOf('\x1b') !== -1) this.sawEsc = true;
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
    if (this.partialDropped > 0) {
      // What is left of a cut line would be misread (a value cut short), so it is not parsed.
      this.dumps.lineTooLong(this.partialDropped + raw.length, MAX_LINE);
      this.partialDropped = 0;
      return;
    }
    // a log captured from a terminal (`dmesg --color=always`, a CI log) holds its colours: no
    // value is in them, and left in they glue to the label after them (`\e[31mCR0: actual=…`)
    if (this.sawEsc && raw.indexOf('\x1b[') !== -1) raw = raw.replace(CSI_RE, '');
    this.dumps.line(raw, out);
  }

  /**
   * JSON text: documents are cut out one by one (by their nesting, outside strings) and each is
   * read when it is whole. Returns null, or the text to read as lines from here on when the
   * input turns out to be a text log (its first document is no JSON, or over MAX_JSON).
   */
  private feedJson(text: string, out: Dump[]): string | null {
    if (this.jsonJunk) return null;
    let start = 0;
    let i = 0;
    const n = text.length;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (this.jsonDepth === 0) {
        if (c === 0x7b || c === 0x5b) {
          // { or [: a document begins (after the first: the input is a sequence of documents)
          if (this.jsonHeld) {
            this.jsonHeld = false;
            const rest = this.finishJson(out, text.slice(start));
            if (rest !== null) return rest;
          }
          this.jsonDepth = 1;
          start = i;
        } else if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) {
          if (this.jsonHeld && this.format === 'json') {
            // --format json: one document followed by other text is no JSON input, as JSON.parse
            // of the whole would say; nothing of it is read
            this.jsonHeld = false;
            this.jsonChunks = [];
            this.jsonSize = 0;
            this.dumps.global(diagnostic('invalid-json', { reason: 'text after the JSON document that is no JSON document' }));
            this.jsonJunk = true;
            return null;
          }
          if (this.jsonHeld || (this.jsonDocs === 0 && this.format !== 'json')) {
            // text after the first document: a text log that starts like JSON, read as lines
            this.jsonHeld = false;
            return this.notJson(text.slice(start));
          }
          // text that is no JSON document where one should begin: said once, and the rest is
          // not read (a bracket further on would only start documents that are none)
          this.dumps.global(diagnostic('invalid-json', { reason: this.jsonDocs === 0 ? 'not a JSON document' : `text after JSON document ${this.jsonDocs} that is no JSON document (the rest of the input is not read)` }));
          this.jsonJunk = true;
          return null;
        }
        i++;
        continue;
      }
      if (this.jsonInString) {
        if (this.jsonEscape) this.jsonEscape = false;
        else if (c === 0x5c) this.jsonEscape = true;
        else if (c === 0x22) this.jsonInString = false;
      } else if (c === 0x22) this.jsonInString = true;
      else if (c === 0x7b || c === 0x5b) this.jsonDepth++;
      else if (c === 0x7d || c === 0x5d) {
        this.jsonDepth--;
        if (this.jsonDepth === 0) {
          this.bufferJson(text.slice(start, i + 1));
          start = i + 1;
          if (this.jsonDocs === 0) this.jsonHeld = true;
          else {
            const rest = this.finishJson(out, text.slice(i + 1));
            if (rest !== null) return rest;
          }
        }
      }
      i++;
    }
    if (this.jsonHeld) {
      // white space after the first document: a text log that starts with a brace may go on so
      const piece = text.slice(start);
      if (this.jsonSize + piece.length > MAX_JSON && this.format !== 'json') {
        this.jsonHeld = false;
        this.dumps.global(diagnostic('read-as-text', { limit: `${MAX_JSON / 1024 / 1024} MiB` }));
        return this.notJson(piece);
      }
      this.bufferJson(piece);
    } else if (this.jsonDepth > 0) {
      const piece = text.slice(start);
      if (this.jsonDocs === 0 && this.format !== 'json' && this.jsonSize + piece.length > MAX_JSON) {
        this.dumps.global(diagnostic('read-as-text', { limit: `${MAX_JSON / 1024 / 1024} MiB` }));
        return this.notJson(piece);
      }
      this.bufferJson(piece);
    }
    return null;
  }

  /**
   * Text now known to be lines, of an input whose line ends were not told yet (it began like
   * JSON): decides CR-only from it (crOnlyLines) and returns it with its CRs as line feeds if so.
   */
  private tellCrOnly(text: string): string {
    if (this.crOnly || !crOnlyLines(text)) return text;
    this.crOnly = true;
    return text.replace(/\r/g, '\n');
  }

  /** No JSON after all: what was gathered and `text` are read as lines. */
  private notJson(text: string): string {
    this.mode = 'lines';
    let all = this.jsonChunks.join('') + text;
    this.jsonChunks = [];
    this.jsonSize = 0;
    // whether lines end in CR alone, told from the text now known to be lines, by the same rule
    // as any log (its first LF or 4 KiB), however the input was cut into chunks
    if (!this.crOnly) {
      if (!all.includes('\n') && all.length < 4096) {
        this.crPending = all;
        return '';
      }
      all = this.tellCrOnly(all);
    }
    return all;
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
    const hex = readHexDump(text);
    if (hex) {
      this.dumps.summary.lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
      this.finishBinary(hex.bytes, out, hex.bad);
      return true;
    }
    if (isWordDump(text)) {
      // hexdump without -C, od -t x2: the byte order is not shown (no ASCII column); read as
      // lines, its last two groups would become an encoding and a value (F11)
      this.dumps.summary.lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
      this.dumps.global(diagnostic('not-a-region', { length: text.length, reason: 'a hex dump of 16-, 32- or 64-bit words (hexdump without -C, od -x, od -t x2): its byte order is not shown, so it is not read; dump the region with xxd, hexdump -C or od -A x -t x1z' }));
      this.dumps.endText(out);
      return true;
    }
    this.mode = 'lines';
    this.splitLines(text, out);
    if (this.partial.length > 0) {
      this.line(this.partial, out);
      this.partial = '';
    }
    this.dumps.endText(out);
    return true;
  }

  private finishBinary(bytes: Uint8Array, out: Dump[], bad: readonly BadHexLine[] = []): void {
    this.binaryChunks = [];
    if (this.binarySize > MAX_BINARY) {
      this.dumps.global(diagnostic('truncated-region', { format: 'input', length: this.binarySize, needed: MAX_BINARY, missing: 0, reason: `input of ${this.binarySize} bytes: only the first ${MAX_BINARY} were read` }));
    }
    this.dumps.regions(bytes, out, bad);
  }

  /**
   * A document is whole (or the input ended inside one): it is read. Returns null, or (the
   * first document being no JSON) the text to read as lines, `after` included.
   */
  private finishJson(out: Dump[], after?: string): string | null {
    const size = this.jsonSize;
    this.jsonHeld = false;
    const text = this.jsonChunks.join('');
    this.jsonChunks = [];
    this.jsonSize = 0;
    this.jsonDepth = 0;
    this.jsonInString = false;
    this.jsonEscape = false;
    if (size === 0 && after === undefined) {
      if (this.jsonDocs === 0 && !this.jsonJunk && this.format === 'json') this.dumps.global(diagnostic('invalid-json', { reason: 'Unexpected end of JSON input' }));
      return null;
    }
    if (size > MAX_JSON) {
      this.dumps.global(diagnostic('invalid-json', { reason: `larger than ${MAX_JSON / 1024 / 1024} MiB` }));
      this.jsonDocs++;
      return null;
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      if (this.format === 'json' || this.jsonDocs > 0) {
        this.dumps.global(diagnostic('invalid-json', { reason: (this.jsonDocs > 0 ? `document ${this.jsonDocs + 1}: ` : '') + (e as Error).message }));
        this.jsonDocs++;
        return null;
      }
      // Not JSON after all: a text log that happens to start with a brace.
      if (after !== undefined) {
        this.jsonChunks = [text];
        return this.notJson(after);
      }
      this.mode = 'lines';
      this.splitLines(this.tellCrOnly(text), out);
      if (this.partial.length > 0) {
        this.line(this.partial, out);
        this.partial = '';
      }
      this.dumps.closeAll(out);
      return null;
    }
    this.jsonDocs++;
    this.dumps.fromJson(doc, out);
    return null;
  }
}

/** Bytes gathered to tell a text log with leading NULs from a binary region. */
const TEXT_PROBE = 1024;

/**
 * Whether bytes that hold NULs are text all the same: after a run of NUL bytes (what a log
 * file holds after an unclean shutdown), only text bytes (printable, tab, line ends, UTF-8)
 * and NULs, at least 8 of them not NUL. A region's revision id, abort indicator and fields
 * hold other bytes.
 */
function textAfterNuls(bytes: Uint8Array): boolean {
  const probe = bytes.subarray(0, TEXT_PROBE);
  let text = 0;
  for (const b of probe) {
    if (b === 0) continue;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return false;
    if (b === 0x7f) return false;
    text++;
  }
  return text >= 8;
}

/**
 * Whether a (trimmed) first line can be one of looksLikeHexDump's forms, by its first character:
 * each form starts with a hex digit (`0x` too), but xxd -i's `static`, `const` or `unsigned`. Any
 * other line (a kernel log's `[`, a name) compiles none of the six expressions there.
 */
export function mayStartHexDump(first: string): boolean {
  const c = first.charCodeAt(0) | 0x20; // letters lower-cased (an empty line: NaN | 0x20, none)
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || c === 0x73 || c === 0x75;
}

/** Whether text starts like a hex dump: xxd, hexdump -C, od -A x -t x1z, or plain hex bytes. */
function looksLikeHexDump(probe: string): boolean {
  const first = probe.slice(0, probe.indexOf('\n') === -1 ? probe.length : probe.indexOf('\n')).trim();
  if (!mayStartHexDump(first)) return false;
  return (
    /^[0-9a-fA-F]{6,16}: (?:(?:[0-9a-fA-F]{2,16} ){2,}|[0-9a-fA-F]{16,} {2})/.test(first) || // xxd, also -g 8 and -g 0
    /^[0-9a-fA-F]{6,16} {1,2}(?:[0-9a-fA-F]{2} ){8}/.test(first) || // hexdump -C, od -t x1
    /^[0-9a-fA-F]{6,16}(?: +(?:[0-9a-fA-F]{4}|[0-9a-fA-F]{8}|[0-9a-fA-F]{16})){2,}$/.test(first) || // word dumps: reported, not read (isWordDump)
    C_ARRAY_OPEN.test(first) || // xxd -i
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

/**
 * Whether a text's lines end in CR alone (old Mac files, some serial consoles): told from its
 * first 4 KiB only, so that the answer does not depend on how the input was cut into chunks
 * (the mode is decided once a line feed or 4 KiB has come).
 */
function crOnlyLines(text: string): boolean {
  const head = text.slice(0, 4096);
  return head.includes('\r') && !head.includes('\n');
}
