/**
 * What the line dialects other than pairs, KVM and Xen share: the parser interface, the
 * dump state that opens and closes their dumps, and reading a printed number; and what every
 * reader shares, pairs, KVM and Xen included: the one policy for unknown `NAME=value` tokens.
 */
import type { LineSink } from './types.js';
import { diagnostic } from '../diagnostics.js';

export type OtherFormat = 'haxm' | 'hvext' | 'bhyve' | 'kvm-exit' | 'vbox' | 'qemu' | 'noirvisor' | 'jonomango-hv' | 'bareflank' | 'hyperbone' | 'vdhh';

export interface OtherParser {
  readonly format: OtherFormat;
  /** Whether the line belonged to this dialect (and was read). */
  parse(line: string, lineNo: number, sink: LineSink): boolean;
  /** Whether a dump of this dialect is being read. */
  readonly inDump: boolean;
  /** The dump ends here (a line of another dialect follows, or the input ends). */
  end(sink: LineSink): void;
  /**
   * A reader holding the head of a row that a hard wrap cut (qemu.ts): the next line is offered
   * to it first; true when it continued the row (and was read with it), else the held head is
   * reported or let go and the line goes the usual way.
   */
  continueHeld?(line: string, lineNo: number, sink: LineSink): boolean;
}


/**
 * The one policy for unknown `NAME=value` tokens, for every reader (README, "annotate"): a token
 * whose name the reader does not know is never a field, and never opens, splits or ends a dump.
 * Where it stands decides what becomes of it, whatever the name looks like:
 *
 * - on a line of a dump (a line the dump's own reader takes: a KVM/Xen `Label = value`, a
 *   VirtualBox `HM: CPU[n] Label value`, a trace line's labelled values, a QEMU `NAME=hex` row,
 *   a HAXM `NAME: value`, an hvext row, a bhyvectl `name[n]` row, a pairs `NAME = value` line),
 *   it is reported: `unknown-field` (an error: a value of the dump was not read), with its line,
 *   the token and its value;
 * - on a line no reader takes (outside any dump, or another program's text between a dump's
 *   lines: a user's own `exit=0x30 qual=0x181`, an oops's `RSP: 002b:… EFLAGS: … ORIG_RAX: …`,
 *   KVM's `kvm [PID]: vcpu0, guest rIP: 0x…`), the line is skipped and its tokens are counted
 *   (`summary.unknownSkipped`), never reported one by one: no dump, no flood of warnings.
 *
 * A pairs `NAME = value` line just before a pairs dump's first field (no blank line or header
 * between) is a line of that dump: it is held, and reported if the dump opens, counted if not.
 * A pairs line that names fields beside unknown names (`GUEST_RIP=0x1 foo=0x2`) is a line of the
 * pairs dump it stands in; where none is open, its unknown tokens are counted and the line is
 * reported once (`ambiguous-line`): it names fields whose values are not read (pairs.ts).
 */
export interface UnknownToken {
  token: string;
  value: string;
}

/**
 * Report the unknown tokens of a line of a dump (`dialect`: the reader, for the message). Every
 * reader calls this, and only this, for a token of its own shape whose name it does not know.
 */
export function reportUnknown(sink: LineSink, lineNo: number, dialect: string, tokens: readonly UnknownToken[], suggestions = false): void {
  for (const t of tokens) {
    const args = { token: t.token.slice(0, 60), value: t.value.slice(0, 40), dialect, suggestions: suggestions && sink.canReport ? sink.suggest(t.token) : [] };
    sink.report(diagnostic('unknown-field', args, lineNo));
  }
}

/** A `NAME=value` or `NAME: value` token: an identifier, `=` or `:`, a number (hex or decimal). */
const TOKEN_RE = /(?:^|[^A-Za-z0-9_.>/-])([A-Za-z_][A-Za-z0-9_]{0,63})[ \t]*(?:=|:)[ \t]*((?:0[xX])?[0-9a-fA-F]{1,32})(?![A-Za-z0-9_])/g;

/**
 * A KVM trace event's name (Linux arch/x86/kvm/trace.h: every event of the kvm system starts so);
 * `kvm_intel` and `kvm_amd` are the modules, whose messages' prefix stands before a token as any word.
 */
const TRACE_EVENT_RE = /^kvm_(?!intel$|amd$)[a-z0-9_]+$/;

/** The `NAME=value` tokens of a line no reader takes (counted, per the policy above). */
export function countTokens(text: string): { count: number; first: string } {
  if (text.indexOf('=') === -1 && text.indexOf(':') === -1) return { count: 0, first: '' };
  let count = 0;
  let first = '';
  TOKEN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN_RE.exec(text)) !== null) {
    TOKEN_RE.lastIndex = m.index + m[0].length;
    // a KVM trace event's name (`kvm_emulate_insn:     0:7ffbb280: 0f aa`): the event, no value's name
    if (m[1]!.startsWith('kvm_') && TRACE_EVENT_RE.test(m[1]!) && !m[0].slice(m[0].lastIndexOf(m[1]!) + m[1]!.length).includes('=')) continue;
    if (count === 0) first = m[1]!;
    count++;
  }
  return { count, first };
}

/** Whether a character code is a word character (`[0-9A-Za-z_]`). */
export function isWordCode(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) || c === 0x5f;
}

/** Hex digits of a printed number: `0x1f` and `1f` as hex, a bare decimal when `decimal`. */
export function digitsOf(text: string, decimal = false): string | null {
  const t = text.trim();
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) return t.slice(2);
  if (decimal && /^\d+$/.test(t)) return BigInt(t).toString(16);
  if (!decimal && /^[0-9a-fA-F]+$/.test(t)) return t;
  return null;
}

/** A dump being read: the fields seen in it, so that a field printed again starts the next dump. */
export class DumpState {
  inDump = false;
  private seen = new Set<number>();
  constructor(readonly format: OtherFormat) {}

  get count(): number {
    return this.seen.size;
  }

  /** Whether the open dump holds this field already. */
  has(encoding: number): boolean {
    return this.seen.has(encoding);
  }

  open(sink: LineSink): void {
    sink.boundary();
    sink.setFormat(this.format);
    this.inDump = true;
    this.seen.clear();
  }

  close(sink: LineSink): void {
    if (this.inDump) sink.boundary();
    this.inDump = false;
    this.seen.clear();
  }

  /** The dump ended elsewhere (the Annotator closes it). */
  drop(): void {
    this.inDump = false;
    this.seen.clear();
  }

  /**
   * A field printed again starts the next dump; so does any field after the sink's dump was
   * closed by another dialect (a kvm_exit line between two HAXM lines).
   */
  field(sink: LineSink, encoding: number, digits: string, lineNo: number): void {
    if (!this.inDump || this.seen.has(encoding) || (this.seen.size > 0 && !sink.inDump)) this.open(sink);
    this.seen.add(encoding);
    sink.field(encoding, digits, lineNo);
  }

  note(sink: LineSink, lineNo: number, label: string, value: string, what: string): void {
    if (!this.inDump) this.open(sink);
    sink.note({ line: lineNo, label, value, what });
  }
}

/**
 * The exit-reason field of an exit printed by its basic exit reason alone (bits 15:0): a VM-entry
 * failure (basic reason 33, 34 or 41) always sets bit 31, "VM-entry failure" (SDM "VM-Entry
 * Failures During or After Loading Guest State", "Basic VM-Exit Information"); other exits clear it
 * (bits 27-29 are not known from the basic reason). Whether bit 31 was set with it.
 */
export function exitReasonOfBasic(basic: number): { value: number; failure: boolean } {
  const failure = basic === 33 || basic === 34 || basic === 41;
  return { value: (failure ? 0x80000000 : 0) + basic, failure };
}

/**
 * The parser of a dialect whose dumps a `DumpState` opens and closes (bhyve's `vm exit[N]` block,
 * hvext, VirtualBox, NoirVisor...): its format is the state's, it is in a dump while the state
 * is, and when the Annotator ends the dump (another dialect's line, the input's end) the state
 * drops it and `reset` clears the reader's own state. `parse` reads a line, as `OtherParser.parse`.
 */
export function dumpParser(d: DumpState, parse: OtherParser['parse'], reset?: () => void): OtherParser {
  return {
    format: d.format,
    get inDump() {
      return d.inDump;
    },
    end() {
      d.drop();
      reset?.();
    },
    parse,
  };
}

/**
 * The guest segment registers' fields, by the register's lower-case name (LDTR as `ldtr`):
 * selector, access rights, limit and base encodings (SDM Appendix B). Dialects that print a
 * register per line (KVM, Xen, QEMU) place its four values with it.
 */
export const GUEST_SEGMENTS: Readonly<Record<string, readonly [number, number, number, number]>> = {
  es: [0x0800, 0x4814, 0x4800, 0x6806],
  cs: [0x0802, 0x4816, 0x4802, 0x6808],
  ss: [0x0804, 0x4818, 0x4804, 0x680a],
  ds: [0x0806, 0x481a, 0x4806, 0x680c],
  fs: [0x0808, 0x481c, 0x4808, 0x680e],
  gs: [0x080a, 0x481e, 0x480a, 0x6810],
  ldtr: [0x080c, 0x4820, 0x480c, 0x6812],
  tr: [0x080e, 0x4822, 0x480e, 0x6814],
};

/**
 * What goes before the rest of a line a hard wrap cut: mail quoting, the continuation's indent, a
 * syslog or journal prefix, a kernel time stamp (qemu.ts and `holdWrappedHeads`).
 */
export const CONTINUATION_PREFIX_RE = /^(?:[ \t]*>)*[ \t]*(?:(?:[A-Z][a-z]{2} +\d{1,2} \d\d:\d\d:\d\d(?:\.\d+)? \S+ )?[\w.-]+\[\d+\]: *|\[ *\d+\.\d+\] *)?/;

/** A line printed as whitespace-separated tokens, each a pattern (`min`: the tokens that make it whole, if not all). */
export interface TokenRow {
  tokens: readonly RegExp[];
  min?: number;
}

/**
 * Where one of `rows` starts in `tokens` (a line's words) and how far it goes, when the line ends
 * in its head: the row's first `matched` tokens end the line, fewer than make it whole. Null when
 * no row's head ends the line (or a whole row stands in it: read as it is).
 */
export function headAt<R extends TokenRow>(tokens: readonly string[], rows: readonly R[]): { row: R; matched: number } | null {
  for (let i = 0; i < tokens.length; i++) {
    for (const row of rows) {
      if (!row.tokens[0]!.test(tokens[i]!)) continue;
      let n = 1;
      while (n < row.tokens.length && i + n < tokens.length && row.tokens[n]!.test(tokens[i + n]!)) n++;
      if (n >= (row.min ?? row.tokens.length)) return null;
      if (i + n === tokens.length) return { row, matched: n };
    }
  }
  return null;
}

/** A number in a held head (`54.`, `0x1f`, `0000000000000000`): a value the head would lose. */
const HEAD_VALUE_RE = /^(?:0x)?[0-9A-Fa-f]*\d[0-9A-Fa-f]*[.,]?$/;

/**
 * A reader of one-line messages whose lines a hard wrap may cut (issue 10, "hard wraps anywhere":
 * `[hv] VMLAUNCH` / `failed. Instruction error = 8.`, `[1] DEBUG: tsc_offset` / `0x…`), made from
 * its parser `p`: a line that ends in the head of one of its lines (`headWords`: how many words
 * of the line the head is, 0 when the line ends in none, or holds a whole one) is held, and the
 * next lines are glued to it (behind their continuation prefix; `glue` puts the head and the rest
 * together, one blank by default) while the lot is still a head; the whole line is read at the
 * head's line number. A rest that starts a line of its own (`fresh`) is not glued. A head whose
 * rest never comes is read alone if `p` reads it (bfdebug's empty `[1] DEBUG: `), else reported
 * (`unplaced-line`) when its words hold a number or it stands inside a dump of `p`'s, else let go
 * as a line no reader takes; the line that did not go on goes the usual way.
 */
export function holdWrappedHeads(p: OtherParser, dialect: string, headWords: (line: string) => number, fresh: RegExp, glue = (head: string, rest: string): string => head.trimEnd() + ' ' + rest): OtherParser {
  let held: { text: string; lineNo: number; parts: number; words: number } | null = null;
  function letGo(sink: LineSink): void {
    const h = held!;
    held = null;
    if (p.parse(h.text, h.lineNo, sink)) return;
    const words = h.text.trim().split(/\s+/).slice(-h.words);
    if ((p.inDump && sink.inDump) || words.some((w) => HEAD_VALUE_RE.test(w))) sink.report(diagnostic('unplaced-line', { dialect, text: h.text.trim().slice(0, 100) }, h.lineNo));
    else sink.skip(h.text);
  }
  return {
    format: p.format,
    get inDump() {
      return p.inDump;
    },
    end(sink: LineSink) {
      if (held) letGo(sink);
      p.end(sink);
    },
    continueHeld(line: string, lineNo: number, sink: LineSink): boolean {
      if (!held) return false;
      const h = held;
      const rest = line.replace(CONTINUATION_PREFIX_RE, '').trim();
      if (rest && rest.length <= 400 && !fresh.test(rest)) {
        const glued = glue(h.text, rest);
        // (a line is cut in eight parts at most: a 20-column wrap of the longest)
        const words = h.parts < 8 ? headWords(glued) : 0;
        if (words > 0) {
          held = { text: glued, lineNo: h.lineNo, parts: h.parts + 1, words };
          return true;
        }
        held = null;
        if (p.parse(glued, h.lineNo, sink)) return true;
        held = h;
      }
      letGo(sink);
      return false;
    },
    parse(line: string, lineNo: number, sink: LineSink): boolean {
      if (held) letGo(sink);
      const words = line.length <= 400 ? headWords(line) : 0;
      if (words > 0) {
        held = { text: line, lineNo, parts: 1, words };
        return true;
      }
      return p.parse(line, lineNo, sink);
    },
  };
}
